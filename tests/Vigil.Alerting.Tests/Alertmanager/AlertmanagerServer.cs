using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.Alerting.Tests.Alertmanager;

/// <summary>
/// A throwaway prometheus-alertmanager on free loopback ports, clustering off, storage in a temp directory, routing
/// everything to a receiver that sends nothing. Start-up polls /-/ready; a port taken in between makes it exit and
/// the fixture tries another.
/// </summary>
public sealed class AlertmanagerServer : IAsyncLifetime
{
    private const string Binary = "/usr/bin/prometheus-alertmanager";
    private const string Config = """
        route:
          receiver: blackhole
        receivers:
          - name: blackhole
        """;

    private Process? _process;
    private DirectoryInfo? _directory;

    public Uri BaseAddress { get; private set; } = new("http://invalid/");

    public HttpClient Http { get; } = new();

    public async Task InitializeAsync()
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            _directory = Directory.CreateTempSubdirectory("vigil-alertmanager-");
            var config = Path.Combine(_directory.FullName, "alertmanager.yml");
            await File.WriteAllTextAsync(config, Config);
            var port = FreePort();
            BaseAddress = new Uri($"http://127.0.0.1:{port}/");
            var start = new ProcessStartInfo(Binary) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var argument in (string[])[$"--config.file={config}", $"--storage.path={_directory.FullName}",
                $"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn"])
                start.ArgumentList.Add(argument);
            _process = Process.Start(start) ?? throw new InvalidOperationException("alertmanager did not start");
            _process.BeginErrorReadLine();
            _process.BeginOutputReadLine();
            if (await ReadyAsync(_process))
                return;
            await DisposeAsync();
        }
        throw new InvalidOperationException("alertmanager did not come up on a free port after 5 attempts");
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

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task<bool> ReadyAsync(Process process)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (process.HasExited)
                return false;
            try
            {
                using var response = await Http.GetAsync(new Uri(BaseAddress, "-/ready"));
                if (response.IsSuccessStatusCode)
                    return true;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        return false;
    }
}
