using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vigil.Checks.Tests.Fixtures;

/// <summary>
/// A real Kestrel on 127.0.0.1 with the routes the HTTP probe tests need, on three ports: plain HTTP, HTTPS with a
/// self-signed certificate valid for a year, and HTTPS with one that expires in two days.
/// </summary>
public sealed class HttpTargetFixture : IAsyncLifetime
{
    public const string JsonBody = """{"status":"up","count":3,"ratio":1.5,"ok":true,"none":null,"items":[{"name":"a"},{"name":"b"}],"dotted.key":"x"}""";

    /// <summary>The size of /big: twice the probe's default body limit.</summary>
    public const int BigBodyBytes = 2 * 1024 * 1024;

    private const int StartAttempts = 5;

    private readonly string _contentRoot = Directory.CreateTempSubdirectory("vigil-http-target-").FullName;
    private WebApplication? _app;

    public int HttpPort { get; private set; }
    public int HttpsPort { get; private set; }
    public int ExpiringHttpsPort { get; private set; }
    public X509Certificate2 Certificate { get; } = SelfSignedCertificates.Create(TimeSpan.FromDays(365));
    public X509Certificate2 ExpiringCertificate { get; } = SelfSignedCertificates.Create(TimeSpan.FromDays(2));

    public Uri Http(string pathAndQuery) => new($"http://127.0.0.1:{HttpPort}{pathAndQuery}");
    public Uri Https(string pathAndQuery) => new($"https://127.0.0.1:{HttpsPort}{pathAndQuery}");
    public Uri ExpiringHttps(string pathAndQuery) => new($"https://127.0.0.1:{ExpiringHttpsPort}{pathAndQuery}");

    public async Task InitializeAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpPort = ProbeTestPorts.PickFree();
            HttpsPort = ProbeTestPorts.PickFree();
            ExpiringHttpsPort = ProbeTestPorts.PickFree();
            var app = Build();
            try
            {
                await app.StartAsync();
                _app = app;
                break;
            }
            catch (Exception exception) when (exception is IOException or InvalidOperationException && attempt < StartAttempts)
            {
                // A port was taken between picking and binding: try new ones.
                await app.DisposeAsync();
            }
        }
        foreach (var port in new[] { HttpPort, HttpsPort, ExpiringHttpsPort })
            await ProbeTestPorts.WaitUntilAcceptingAsync(port, TimeSpan.FromSeconds(10));
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
        Certificate.Dispose();
        ExpiringCertificate.Dispose();
        Directory.Delete(_contentRoot, recursive: true);
    }

    private WebApplication Build()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _contentRoot });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, HttpPort);
            kestrel.Listen(IPAddress.Loopback, HttpsPort, listen => listen.UseHttps(Certificate));
            kestrel.Listen(IPAddress.Loopback, ExpiringHttpsPort, listen => listen.UseHttps(ExpiringCertificate));
        });
        var app = builder.Build();
        MapRoutes(app);
        return app;
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/ok", () => "ok");
        app.MapGet("/status/{code:int}", (int code) => Results.StatusCode(code));
        app.MapGet("/slow", async (int ms) =>
        {
            await Task.Delay(ms);
            return "slow";
        });
        app.MapGet("/json", () => Results.Text(JsonBody, "application/json"));
        app.MapGet("/redirect/{n:int}", (int n) => n > 0 ? Results.Redirect($"/redirect/{n - 1}") : Results.Text("redirected"));
        app.MapGet("/loop", () => Results.Redirect("/loop"));
        app.MapGet("/to-http", () => Results.Redirect(Http("/ok").ToString()));
        app.MapGet("/headers", (HttpResponse response) =>
        {
            response.Headers["X-Test"] = "Hello-World";
            response.Headers.CacheControl = "no-store";
            return "headers";
        });
        app.MapGet("/big", async (HttpResponse response, bool? withLength) =>
        {
            if (withLength == true)
                response.ContentLength = BigBodyBytes;
            var chunk = Encoding.ASCII.GetBytes(new string('x', 64 * 1024));
            for (var written = 0; written < BigBodyBytes; written += chunk.Length)
                await response.Body.WriteAsync(chunk);
        });
        app.MapGet("/abort", (HttpContext context) => context.Abort());
    }
}
