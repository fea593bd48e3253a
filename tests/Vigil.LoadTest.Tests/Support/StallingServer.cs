using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vigil.LoadTest.Tests.Support;

/// <summary>
/// A Kestrel app on loopback that answers <c>POST /ping/{id}</c> with OK at once, except that once armed, its
/// <c>stallAt</c>-th request is held for <c>stallFor</c>: the stall a closed-loop tool hides.
/// </summary>
public sealed class StallingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly int _stallAt;
    private readonly TimeSpan _stallFor;
    private int _armed;
    private int _sinceArmed;
    private int _answered;

    private StallingServer(WebApplication app, int stallAt, TimeSpan stallFor)
    {
        _app = app;
        _stallAt = stallAt;
        _stallFor = stallFor;
    }

    public Uri Url { get; private set; } = null!;
    public int Answered => Volatile.Read(ref _answered);

    public static async Task<StallingServer> StartAsync(int stallAt, TimeSpan stallFor)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var server = new StallingServer(app, stallAt, stallFor);
        app.MapPost("/ping/{id}", server.HandleAsync);
        await app.StartAsync();
        server.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (Volatile.Read(ref _armed) == 1 && Interlocked.Increment(ref _sinceArmed) == _stallAt)
            await Task.Delay(_stallFor);
        Interlocked.Increment(ref _answered);
        await context.Response.WriteAsync("OK");
    }

    /// <summary>Starts counting requests towards the stall (after any warm-up requests).</summary>
    public void Arm() => Volatile.Write(ref _armed, 1);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
