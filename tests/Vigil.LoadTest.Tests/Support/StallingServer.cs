using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.LoadTest.Tests.Support;

/// <summary>
/// A Kestrel app on loopback that answers <c>POST /ping/{id}</c> with OK at once, except that once armed, the
/// first request <c>stallAfter</c> later is held for <c>stallFor</c>: the stall a closed-loop tool hides.
/// </summary>
public sealed class StallingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly long _stallAfterTicks;
    private readonly TimeSpan _stallFor;
    private long _armed;
    private int _stalled;
    private int _answered;

    private StallingServer(WebApplication app, TimeSpan stallAfter, TimeSpan stallFor)
    {
        _app = app;
        _stallAfterTicks = (long)(stallAfter.TotalSeconds * Stopwatch.Frequency);
        _stallFor = stallFor;
    }

    public Uri Url { get; private set; } = null!;
    public int Answered => Volatile.Read(ref _answered);

    public static async Task<StallingServer> StartAsync(TimeSpan stallAfter, TimeSpan stallFor)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new StallingServer(app, stallAfter, stallFor);
        app.MapPost("/ping/{id}", server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var armed = Volatile.Read(ref _armed);
        if (armed != 0 && Stopwatch.GetTimestamp() - armed > _stallAfterTicks && Interlocked.Exchange(ref _stalled, 1) == 0)
            await Task.Delay(_stallFor);
        Interlocked.Increment(ref _answered);
        await context.Response.WriteAsync("OK");
    }

    /// <summary>Starts the clock towards the stall (after any warm-up requests).</summary>
    public void Arm() => Volatile.Write(ref _armed, Stopwatch.GetTimestamp());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
