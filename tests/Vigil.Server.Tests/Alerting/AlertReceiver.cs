using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Server.Tests.Alerting;

/// <summary>One request as the receiver saw it.</summary>
public sealed record ReceivedAlert(string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A real Kestrel on a loopback port standing in for a webhook receiver. It records every request; a path ending in
/// "/status/NNN" answers NNN, one ending in "/flaky/N" answers 503 to its first N requests and 200 after, anything else
/// 200. Each test uses paths of its own.
/// </summary>
public sealed partial class AlertReceiver : IAsyncLifetime
{
    private readonly ConcurrentQueue<ReceivedAlert> _received = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private WebApplication? _app;

    /// <summary>The loopback port to listen on; 0 (the default) picks a free one. A crash test names it before the receiver exists.</summary>
    public int Port { get; init; }

    public Uri BaseUrl { get; private set; } = null!;

    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    public IReadOnlyList<ReceivedAlert> Received(string path) => [.. _received.Where(r => r.Path == path)];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port));
        _app = builder.Build();
        _app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var path = context.Request.Path.Value!;
            _received.Enqueue(new ReceivedAlert(path,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
            var status = StatusPath().Match(path);
            var flaky = FlakyPath().Match(path);
            context.Response.StatusCode = status.Success ? int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture)
                : flaky.Success && _seen.AddOrUpdate(path, 1, (_, n) => n + 1) <= int.Parse(flaky.Groups[1].Value, CultureInfo.InvariantCulture) ? 503
                : 200;
        });
        await _app.StartAsync();
        BaseUrl = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            // Stop before dispose: disposing a started host skips Kestrel's stop and can wait on open connections.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }
    }

    [GeneratedRegex(@"/status/(\d{3})$")]
    private static partial Regex StatusPath();

    [GeneratedRegex(@"/flaky/(\d+)$")]
    private static partial Regex FlakyPath();
}
