using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;

namespace Vigil.LoadTest.Tests.Support;

/// <summary>
/// A real Vigil (as Vigil.Server.Tests starts it) on a free loopback port with its own SQLite dir. It runs on the
/// real clock: a load test measures real time, and the /metrics page it samples is rebuilt on a real interval.
/// </summary>
public sealed class VigilServer : IAsyncDisposable
{
    public const string WriteKey = "loadtest-write-key-0123456789";

    private readonly WebApplication _app;
    private readonly string _dataDir;

    private VigilServer(WebApplication app, string dataDir, Uri url)
    {
        _app = app;
        _dataDir = dataDir;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts Vigil; its per-monitor rate limit is <paramref name="rateLimit"/> pings per 10 s (0: off).</summary>
    public static async Task<VigilServer> StartAsync(int rateLimit = 0)
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "vigil-loadtest-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var options = VigilOptions.Default with
        {
            Server = VigilOptions.Default.Server with { Urls = ["http://127.0.0.1:0"] },
            Storage = VigilOptions.Default.Storage with { DataDir = dataDir },
            Auth = VigilOptions.Default.Auth with { ApiKey = WriteKey },
            Pings = VigilOptions.Default.Pings with { RateLimit = rateLimit },
            Logging = VigilOptions.Default.Logging with { Level = LogLevel.Warning, Format = LogFormat.Text },
        };
        var app = await VigilApp.BuildAsync(options, TimeProvider.System);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new VigilServer(app, dataDir, new Uri(address));
    }

    /// <summary>Options for a short run against this server, creating <paramref name="monitors"/> monitors.</summary>
    public LoadTestOptions Options(Scenario scenario, int monitors = 20, double rate = 300, double seconds = 2) => new()
    {
        Scenario = scenario,
        Url = Url,
        Monitors = monitors,
        Rate = rate,
        Duration = TimeSpan.FromSeconds(seconds),
        Connections = 8,
        Create = true,
        ApiKey = WriteKey,
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
