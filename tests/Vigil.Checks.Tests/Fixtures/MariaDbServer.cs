using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Checks.Protocols.MySql;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A throwaway MariaDB server: a fresh data directory from mariadb-install-db, mariadbd on a free loopback port, and
/// a user <see cref="User"/> with password <see cref="Password"/> owning database <see cref="Database"/>. The user is
/// made by an init file, which the server runs before it accepts connections. Disposing kills the server and deletes
/// the directory.
/// </summary>
public sealed class MariaDbServer : IAsyncLifetime
{
    public const string User = "vigil";
    public const string Password = "secret";
    public const string Database = "app";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vigil-mariadb-{Guid.NewGuid():N}"[..26]);
    private Process? _server;

    public int Port { get; private set; }

    private string DataDir => Path.Combine(_dir, "data");

    private string ErrorLog => Path.Combine(_dir, "error.log");

    /// <summary>A spec for the test user against this server; tests adjust it with <c>with</c>.</summary>
    public MySqlCheckSpec Spec => new() { Host = "127.0.0.1", Port = Port, User = User, Password = Password, Database = Database, Timeout = TimeSpan.FromSeconds(5) };

    public Task<MySqlConnection> ConnectAsync(CancellationToken cancellationToken = default) =>
        MySqlConnection.OpenAsync("127.0.0.1", Port, User, Password, Database, cancellationToken);

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dir);
        await InstallAsync();
        var initFile = Path.Combine(_dir, "init.sql");
        await File.WriteAllTextAsync(initFile, $"""
            CREATE DATABASE IF NOT EXISTS {Database};
            CREATE USER IF NOT EXISTS '{User}'@'%' IDENTIFIED BY '{Password}';
            GRANT ALL ON {Database}.* TO '{User}'@'%';
            """);

        // The free port can be taken between our probe and the server's bind; then try another one.
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Port = FreePort();
            _server = Process.Start(Command("/usr/sbin/mariadbd",
            [
                "--no-defaults", $"--datadir={DataDir}", $"--socket={Path.Combine(_dir, "sock")}", $"--pid-file={Path.Combine(_dir, "pid")}",
                $"--port={Port}", "--bind-address=127.0.0.1", "--user=root", "--skip-log-bin", "--skip-name-resolve",
                "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M", $"--init-file={initFile}", $"--log-error={ErrorLog}",
            ]))!;
            if (await WaitUntilReadyAsync(_server))
                return;
            await StopAsync();
            if (!ReadErrorLog().Contains("Address already in use", StringComparison.Ordinal))
                break;
        }
        throw new InvalidOperationException($"mariadbd did not start:\n{ReadErrorLog()}");
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a dying process; the OS temp cleaner gets it later.
        }
    }

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task InstallAsync()
    {
        var command = Command("/usr/bin/mariadb-install-db",
        [
            "--no-defaults", $"--datadir={DataDir}", "--user=root", "--auth-root-authentication-method=normal", "--skip-test-db",
            "--skip-name-resolve", "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=4M",
        ]);
        command.RedirectStandardOutput = command.RedirectStandardError = true;
        using var install = Process.Start(command)!;
        var output = install.StandardOutput.ReadToEndAsync();
        var errors = install.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(StartDeadline);
        await install.WaitForExitAsync(deadline.Token);
        if (install.ExitCode != 0)
            throw new InvalidOperationException($"mariadb-install-db failed ({install.ExitCode}):\n{await output}\n{await errors}");
    }

    /// <summary>Polls with a real login as the test user, so "ready" also means the init file has run.</summary>
    private async Task<bool> WaitUntilReadyAsync(Process server)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < StartDeadline && !server.HasExited)
        {
            try
            {
                using var attempt = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await using var connection = await ConnectAsync(attempt.Token);
                return true;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or MySqlServerException)
            {
                await Task.Delay(50);
            }
        }
        return false;
    }

    private async Task StopAsync()
    {
        if (_server is null)
            return;
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server.Dispose();
        _server = null;
    }

    private static ProcessStartInfo Command(string path, IEnumerable<string> arguments) => new(path, arguments) { UseShellExecute = false };

    private string ReadErrorLog() => File.Exists(ErrorLog) ? File.ReadAllText(ErrorLog) : "(no error log)";
}

/// <summary>The test classes that share one MariaDB server (they then run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class MariaDbCollection : ICollectionFixture<MariaDbServer>
{
    public const string Name = "mariadb";
}
