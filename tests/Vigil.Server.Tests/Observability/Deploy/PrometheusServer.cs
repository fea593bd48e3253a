using System.Diagnostics;
using OsProcess = System.Diagnostics.Process;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Vigil.Server.Tests.Observability.Deploy;

/// <summary>
/// A real Prometheus (/usr/bin/prometheus, Debian package) on a free loopback port with a temp data dir, scraping one
/// target every second with the given rule files loaded. Disposing kills it and deletes the dir.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string Binary = "/usr/bin/prometheus";
    public const string Job = "vigil";
    private const int MaxLogChars = 64 * 1024;

    private readonly OsProcess _process;
    private readonly string _dir;
    private readonly StringBuilder _log = new();

    private PrometheusServer(OsProcess process, string dir, Uri baseAddress)
    {
        _process = process;
        _dir = dir;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    /// <summary>What Prometheus printed (bounded), for failure messages.</summary>
    public string Log
    {
        get
        {
            lock (_log)
                return _log.ToString();
        }
    }

    public static async Task<PrometheusServer> StartAsync(Uri target, params string[] ruleFiles)
    {
        Assert.True(File.Exists(Binary), $"{Binary} is missing: install the Debian package prometheus (scripts/test.sh does)");
        var dir = Path.Combine(Path.GetTempPath(), "vigil-prometheus-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var config = Path.Combine(dir, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(target, ruleFiles));
        var port = FreePort();
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dir };
        foreach (var arg in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(dir, "data")}", $"--web.listen-address=127.0.0.1:{port}",
            "--storage.tsdb.retention.time=1h", "--log.level=warn",
        })
            start.ArgumentList.Add(arg);
        var server = new PrometheusServer(OsProcess.Start(start)!, dir, new Uri($"http://127.0.0.1:{port}/"));
        server._process.OutputDataReceived += (_, e) => server.Append(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitReadyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
        return server;
    }

    /// <summary>Scrapes the target every second; evaluates rules every second so a broken rule shows at once.</summary>
    private static string Config(Uri target, string[] ruleFiles)
    {
        var config = new StringBuilder();
        config.AppendLine("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n  evaluation_interval: 1s");
        config.AppendLine("rule_files:");
        foreach (var file in ruleFiles)
            config.AppendLine($"  - '{file}'");
        config.AppendLine("scrape_configs:");
        config.AppendLine($"  - job_name: {Job}");
        config.AppendLine("    metrics_path: /metrics");
        config.AppendLine($"    static_configs:\n      - targets: ['{target.Host}:{target.Port}']");
        return config.ToString();
    }

    private async Task WaitReadyAsync()
    {
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            if (_process.HasExited)
                Assert.Fail($"prometheus exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var ready = await Http.GetAsync("-/ready");
                if (ready.StatusCode == HttpStatusCode.OK)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (Environment.TickCount64 > deadline)
                Assert.Fail($"prometheus did not become ready within 60 s:\n{Log}");
            await Task.Delay(100);
        }
    }

    /// <summary>GETs an HTTP API path and returns its "data", asserting "status": "success".</summary>
    public async Task<JsonNode> ApiAsync(string pathAndQuery)
    {
        using var response = await Http.GetAsync(pathAndQuery);
        var text = await response.Content.ReadAsStringAsync();
        var json = JsonNode.Parse(text)!;
        Assert.True((string?)json["status"] == "success", $"GET {pathAndQuery}: {text}");
        return json["data"]!;
    }

    /// <summary>An instant query's result vector.</summary>
    public async Task<JsonArray> QueryAsync(string promql) =>
        (await ApiAsync("api/v1/query?query=" + Uri.EscapeDataString(promql)))["result"]!.AsArray();

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_log)
            if (_log.Length < MaxLogChars)
                _log.AppendLine(line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
