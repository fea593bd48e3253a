using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.Alerting.Tests.Http;

/// <summary>One request as the receiver saw it: the raw body bytes and every header.</summary>
public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, byte[] Body);

/// <summary>
/// A real Kestrel on a loopback port that records every request. The path picks the answer: ".../status/503" answers
/// 503 (with "?retry_after=30" a Retry-After header), ".../slow" never answers until the client gives up,
/// ".../flaky/N" answers 503 to its first N requests and 200 after, anything else 200. Tests use a path of their own and read back what arrived there.
/// </summary>
public sealed partial class HttpReceiver : IAsyncLifetime
{
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, int> _seen = new();
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = null!;

    public string Url(string pathAndQuery) => new Uri(BaseUrl, pathAndQuery).ToString();

    public IReadOnlyList<ReceivedRequest> Received(string path) => [.. _requests.Where(r => r.Path == path)];

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(AnswerAsync);
        await app.StartAsync();
        _app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        BaseUrl = new Uri(address);
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

    private async Task AnswerAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var path = context.Request.Path.Value!;
        _requests.Enqueue(new ReceivedRequest(context.Request.Method, path,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray()));
        if (path.EndsWith("/slow", StringComparison.Ordinal))
        {
            try
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var status = StatusPath().Match(path);
        var flaky = FlakyPath().Match(path);
        context.Response.StatusCode = status.Success ? int.Parse(status.Groups[1].Value, CultureInfo.InvariantCulture)
            : flaky.Success && _seen.AddOrUpdate(path, 1, (_, n) => n + 1) <= int.Parse(flaky.Groups[1].Value, CultureInfo.InvariantCulture) ? 503
            : 200;
        if (context.Request.Query["retry_after"] is { Count: 1 } retryAfter)
            context.Response.Headers.RetryAfter = retryAfter.ToString();
        if (context.Response.StatusCode is >= 300 and < 400)
            context.Response.Headers.Location = "/elsewhere";
    }

    [GeneratedRegex(@"/status/(\d{3})$")]
    private static partial Regex StatusPath();

    [GeneratedRegex(@"/flaky/(\d+)$")]
    private static partial Regex FlakyPath();
}
