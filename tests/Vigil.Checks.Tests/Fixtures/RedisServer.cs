using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A throwaway redis-server on a free loopback port, no persistence, from a temp directory; shared by one test class.
/// Start-up polls with PING until the server answers; a port taken in between makes the server exit and the
/// fixture tries another.
/// </summary>
public class RedisServer : IAsyncLifetime
{
    private const string Binary = "/usr/bin/redis-server";
    private Process? _process;
    private DirectoryInfo? _directory;

    public RedisServer()
        : this(null)
    {
    }

    protected RedisServer(string? password) => Password = password;

    /// <summary>The password of the default user (<c>requirepass</c>); null when the server needs none.</summary>
    public string? Password { get; }

    public int Port { get; private set; }

    public async Task InitializeAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            _directory = Directory.CreateTempSubdirectory("vigil-redis-");
            Port = FreePort();
            var start = new ProcessStartInfo(Binary) { UseShellExecute = false };
            foreach (var argument in (string[])["--port", $"{Port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--dir", _directory.FullName, "--logfile", Path.Combine(_directory.FullName, "redis.log")])
                start.ArgumentList.Add(argument);
            if (Password is not null)
            {
                start.ArgumentList.Add("--requirepass");
                start.ArgumentList.Add(Password);
            }
            _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start");
            if (await AnswersAsync(_process, Port))
                return;
            await DisposeAsync();
        }
        throw new InvalidOperationException("redis-server did not come up on a free port after 5 attempts");
    }

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            _process.Dispose();
            _process = null;
        }
        _directory?.Delete(recursive: true);
        _directory = null;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task<bool> AnswersAsync(Process process, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (process.HasExited)
                return false;
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer);
                var reply = Encoding.ASCII.GetString(buffer, 0, read);
                if (reply.StartsWith("+PONG", StringComparison.Ordinal) || reply.StartsWith("-NOAUTH", StringComparison.Ordinal))
                    return true;
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // Not listening yet.
            }
            await Task.Delay(20);
        }
        return false;
    }
}

/// <summary>A <see cref="RedisServer"/> whose default user needs <see cref="Secret"/>.</summary>
public sealed class PasswordRedisServer() : RedisServer(Secret)
{
    public const string Secret = "s3cret-pass";
}
