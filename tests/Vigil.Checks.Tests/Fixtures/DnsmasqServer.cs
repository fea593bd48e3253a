using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Checks.Protocols.Dns;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A real dnsmasq on a free 127.0.0.1 port (UDP and TCP), authoritative for vigil.test. It reads no system files, only
/// its own config file in a temp directory, so it answers the same on every machine. Records:
/// app.vigil.test A 127.0.0.10 / AAAA ::10; multi.vigil.test A 127.0.0.11 and 127.0.0.12; www.vigil.test CNAME app;
/// vigil.test MX 10 mail.vigil.test, NS ns1.vigil.test, TXT "v=spf1 -all"; split.vigil.test TXT "part one" "part two";
/// big.vigil.test with <see cref="BigRecordCount"/> A records, too many for a 512-byte UDP reply (sent truncated).
/// Names outside vigil.test are REFUSED (no upstream).
/// </summary>
public sealed class DnsmasqServer : IAsyncLifetime
{
    public const string Binary = "/usr/sbin/dnsmasq";
    public const int BigRecordCount = 40;
    private const int StartAttempts = 5;
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(10);

    private readonly string _directory = Directory.CreateTempSubdirectory("vigil-dnsmasq-").FullName;
    private readonly List<string> _output = [];
    private Process? _process;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>The resolver text a spec uses to reach this server.</summary>
    public string Resolver => EndPoint.ToString();

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            EndPoint = new IPEndPoint(IPAddress.Loopback, FreePort());
            _process = Start(EndPoint.Port);
            if (await WaitUntilAnsweringAsync(_process))
                return;
            await StopAsync();
            if (attempt == StartAttempts)
            {
                lock (_output)
                    throw new InvalidOperationException($"dnsmasq did not start on 127.0.0.1: {string.Join(Environment.NewLine, _output)}");
            }
        }
    }

    public async Task DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Process Start(int port)
    {
        // Records go in a file of our own: dnsmasq only reads quoted TXT strings from config files, not from its command line.
        var records = Path.Combine(_directory, "records.conf");
        File.WriteAllLines(records,
        [
            "auth-zone=vigil.test",
            "auth-server=ns1.vigil.test,127.0.0.1",
            "host-record=app.vigil.test,127.0.0.10,::10",
            "host-record=multi.vigil.test,127.0.0.11",
            "host-record=multi.vigil.test,127.0.0.12",
            "cname=www.vigil.test,app.vigil.test",
            "mx-host=vigil.test,mail.vigil.test,10",
            "txt-record=vigil.test,\"v=spf1 -all\"",
            "txt-record=split.vigil.test,\"part one\",\"part two\"",
            .. Enumerable.Range(1, BigRecordCount).Select(i => $"host-record=big.vigil.test,10.0.0.{i}"),
        ]);
        var info = new ProcessStartInfo(Binary) { RedirectStandardError = true, RedirectStandardOutput = true };
        string[] arguments =
        [
            "--keep-in-foreground", $"--port={port}", "--listen-address=127.0.0.1", "--bind-interfaces",
            "--no-resolv", "--no-hosts", "--no-poll", $"--conf-file={records}", $"--pid-file={Path.Combine(_directory, "pid")}",
            "--user=root", "--log-facility=-",
        ];
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Collect(e.Data);
        process.ErrorDataReceived += (_, e) => Collect(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Collect(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
    }

    private async Task<bool> WaitUntilAnsweringAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartDeadline && !process.HasExited)
        {
            using var attempt = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            try
            {
                await DnsClient.QueryAsync(EndPoint, new DnsQuestion("app.vigil.test", DnsRecordType.A), attempt.Token);
                return true;
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Not listening yet (refused) or not answering yet.
                await Task.Delay(20);
            }
        }
        return false;
    }

    private async Task StopAsync()
    {
        if (_process is null)
            return;
        if (!_process.HasExited)
            _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>A port free for both UDP and TCP right now; dnsmasq may still lose it to a race, hence the retries.</summary>
    private static int FreePort()
    {
        while (true)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
                // Taken for UDP: try another.
            }
        }
    }
}
