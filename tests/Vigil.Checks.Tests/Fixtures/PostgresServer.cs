using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A throwaway PostgreSQL 15 on a free loopback port, in a temp directory, with a role <c>vigil</c> (password
/// <c>secret</c>) owning a database <c>app</c>. PostgreSQL refuses to run as root, so initdb and the server run as
/// the <c>postgres</c> OS user (or <c>nobody</c>); the server is our direct child, killed with its backends on dispose.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string User = "vigil";
    public const string Password = "secret";
    public const string Database = "app";

    private const string BinDir = "/usr/lib/postgresql/15/bin";
    private const string SuperuserPassword = "postgres-secret";
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);

    private readonly StringBuilder _log = new();
    private DirectoryInfo? _root;
    private Process? _server;

    public int Port { get; private set; }

    public string ConnectionString(string user = User, string password = Password, string database = Database) =>
        $"Host=127.0.0.1;Port={Port};Username={user};Password={password};Database={database}";

    public async Task InitializeAsync()
    {
        var osUser = OsUserExists("postgres") ? "postgres" : "nobody";
        _root = Directory.CreateTempSubdirectory("vigil-pg-");
        var data = Path.Combine(_root.FullName, "data");
        var pwfile = Path.Combine(_root.FullName, "pwfile");
        await File.WriteAllTextAsync(pwfile, SuperuserPassword);
        await RunAsync(["chown", "-R", $"{osUser}:", _root.FullName]);
        await RunAsync(AsUser(osUser, Path.Combine(BinDir, "initdb"), "-D", data, "-U", "postgres",
            $"--pwfile={pwfile}", "-A", "scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));

        // A free port can be taken between choosing it and the server binding it: try again with another.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Port = FreePort();
            _server = Start(AsUser(osUser, Path.Combine(BinDir, "postgres"), "-D", data, "-p", Port.ToString(),
                "-k", _root.FullName, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "max_connections=30"));
            if (await WaitUntilAcceptingAsync(_server))
            {
                await CreateRoleAndDatabaseAsync();
                return;
            }
            _server.Kill(entireProcessTree: true);
        }
        throw new InvalidOperationException($"postgres did not start:\n{_log}");
    }

    public async Task DisposeAsync()
    {
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        _root?.Delete(recursive: true);
    }

    private string AdminConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={SuperuserPassword};Database={database};Pooling=false;Timeout=2";

    private async Task<bool> WaitUntilAcceptingAsync(Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartDeadline && !server.HasExited)
        {
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString());
                await connection.OpenAsync();
                return true;
            }
            catch (NpgsqlException)
            {
                await Task.Delay(50);
            }
        }
        return false;
    }

    private async Task CreateRoleAndDatabaseAsync()
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        foreach (var sql in new[] { $"CREATE ROLE {User} LOGIN PASSWORD '{Password}'", $"CREATE DATABASE {Database} OWNER {User}" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    // setpriv execs the target, so the process we hold is postgres itself; runuser forks and would stand in between.
    private static string[] AsUser(string osUser, params string[] command) => File.Exists("/usr/bin/setpriv")
        ? ["/usr/bin/setpriv", "--reuid", osUser, "--regid", osUser, "--init-groups", "--", .. command]
        : ["runuser", "-u", osUser, "--", .. command];

    private static bool OsUserExists(string name) =>
        File.ReadLines("/etc/passwd").Any(line => line.StartsWith(name + ":", StringComparison.Ordinal));

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private Process Start(string[] commandLine)
    {
        var info = new ProcessStartInfo(commandLine[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root!.FullName,
        };
        foreach (var arg in commandLine.Skip(1))
            info.ArgumentList.Add(arg);
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task RunAsync(string[] commandLine)
    {
        using var process = Start(commandLine);
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{string.Join(' ', commandLine)} failed with {process.ExitCode}:\n{_log}");
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
        {
            if (_log.Length < 64_000)
                _log.AppendLine(line);
        }
    }
}
