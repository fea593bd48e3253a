using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Configuration;
using Vigil.Server.Hosting;

namespace Vigil.Server.Tests.Support;

/// <summary>
/// The real Vigil host on a loopback port with a real SQLite file in a fresh temp dir, driven by a fake clock.
/// Stop and start again on the same data dir with <see cref="RestartAsync"/>; disposing deletes the dir.
/// </summary>
public sealed class VigilHost : IAsyncDisposable
{
    public const string WriteKey = "test-write-key-0123456789";
    public static readonly DateTimeOffset Epoch = new(2026, 1, 5, 12, 0, 0, TimeSpan.Zero);

    private WebApplication? _app;
    private bool _ownsDir;

    private VigilHost(VigilOptions options, FakeTimeProvider time, bool ownsDir)
    {
        Options = options;
        Time = time;
        _ownsDir = ownsDir;
    }

    public VigilOptions Options { get; }
    public FakeTimeProvider Time { get; }
    public string DataDir => Options.Storage.DataDir;
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Sends the write key.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>Sends no key (ping URLs, batch endpoint, auth tests).</summary>
    public HttpClient Anonymous { get; private set; } = null!;

    public WebApplication App => _app ?? throw new InvalidOperationException("the host is stopped");

    public static NewTempDir TempDir() => new();

    /// <summary>Starts a host. Rate limiting is off unless <paramref name="configure"/> turns it on.</summary>
    public static async Task<VigilHost> StartAsync(Func<VigilOptions, VigilOptions>? configure = null, FakeTimeProvider? time = null, string? dataDir = null)
    {
        var ownsDir = dataDir is null;
        dataDir ??= Path.Combine(Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDir);
        var options = VigilOptions.Default with
        {
            Server = VigilOptions.Default.Server with { Urls = ["http://127.0.0.1:0"] },
            Storage = VigilOptions.Default.Storage with { DataDir = dataDir, FlushIntervalMs = 5 },
            Auth = VigilOptions.Default.Auth with { ApiKey = WriteKey },
            Pings = VigilOptions.Default.Pings with { RateLimit = 0 },
            Logging = VigilOptions.Default.Logging with { Level = LogLevel.Warning, Format = LogFormat.Text },
            // The whole test process is the "server" whose memory is judged: its size says nothing, and crossing the
            // limit would send Vigil's own alert to every channel a test creates.
            Benchmarking = VigilOptions.Default.Benchmarking with
            {
                PerformanceThresholds = VigilOptions.Default.Benchmarking.PerformanceThresholds with { MaxMemoryUsageMb = 1_048_576 },
            },
        };
        if (configure is not null)
            options = configure(options);
        var host = new VigilHost(options, time ?? new FakeTimeProvider(Epoch), ownsDir);
        await host.StartHostAsync();
        return host;
    }

    private async Task StartHostAsync()
    {
        _app = await VigilApp.BuildAsync(Options, Time);
        try
        {
            await _app.StartAsync();
        }
        catch
        {
            // The test never gets this host to dispose: stop what did start, or its lifetime holds up the process exit.
            await _app.StopAsync();
            await _app.DisposeAsync();
            _app = null;
            throw;
        }
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1").Replace("0.0.0.0", "127.0.0.1"));
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WriteKey);
        Anonymous = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Graceful stop: the host drains and the writer commits what is queued. The data dir stays.</summary>
    public async Task StopAsync()
    {
        if (_app is null)
            return;
        Client.Dispose();
        Anonymous.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    /// <summary>Stops this host and starts a new one on the same data dir and clock; the new one owns the dir.</summary>
    public async Task<VigilHost> RestartAsync(Func<VigilOptions, VigilOptions>? configure = null)
    {
        await StopAsync();
        var owns = _ownsDir;
        _ownsDir = false;
        var options = configure is null ? Options : configure(Options);
        var next = new VigilHost(options, Time, owns);
        await next.StartHostAsync();
        return next;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_ownsDir)
            DeleteDir(DataDir);
    }

    public static void DeleteDir(string dir)
    {
        try
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    // ---- API helpers ----

    public async Task<JsonObject> CreateMonitorAsync(string name, long period = 60, long grace = 30, string? slug = null, string[]? tags = null)
    {
        var body = new JsonObject { ["name"] = name, ["type"] = "heartbeat", ["period_seconds"] = period, ["grace_seconds"] = grace };
        if (slug is not null)
            body["slug"] = slug;
        if (tags is not null)
            body["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]);
        using var response = await Client.PostAsync("/api/v1/monitors", Json(body));
        await HttpAssert.Expect(response, 201);
        return await HttpAssert.ReadObject(response);
    }

    public async Task<JsonObject> GetMonitorAsync(string id)
    {
        using var response = await Client.GetAsync($"/api/v1/monitors/{id}");
        await HttpAssert.Expect(response, 200);
        return await HttpAssert.ReadObject(response);
    }

    public async Task<string> StatusAsync(string id) => (string)(await GetMonitorAsync(id))["status"]!;

    public async Task PingAsync(string id, string suffix = "", int expected = 200)
    {
        using var response = await Anonymous.GetAsync($"/ping/{id}{suffix}");
        await HttpAssert.Expect(response, expected);
    }

    /// <summary>Every page of a monitor's pings or flips ("pings"/"flips"), newest first.</summary>
    public async Task<List<JsonObject>> ReadAllAsync(string id, string what, int limit = 1000)
    {
        var all = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var url = $"/api/v1/monitors/{id}/{what}?limit={limit}" + (cursor is null ? "" : $"&cursor={cursor}");
            using var response = await Client.GetAsync(url);
            await HttpAssert.Expect(response, 200);
            var page = await HttpAssert.ReadObject(response);
            all.AddRange(page[what]!.AsArray().Select(n => n!.AsObject()));
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);
        return all;
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");

    public static StringContent Json(string raw) => new(raw, Encoding.UTF8, "application/json");

    public sealed class NewTempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vigil-test-" + Guid.NewGuid().ToString("N"));

        public NewTempDir() => Directory.CreateDirectory(Path);

        public void Dispose() => DeleteDir(Path);
    }
}

/// <summary>Assertions on HTTP answers.</summary>
public static class HttpAssert
{
    public static async Task Expect(HttpResponseMessage response, int status)
    {
        if ((int)response.StatusCode != status)
        {
            var body = response.Content is null ? "" : await response.Content.ReadAsStringAsync();
            Assert.Fail($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {status}: {body}");
        }
    }

    public static async Task<JsonObject> ReadObject(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts an RFC 9457 problem with the status; returns its detail.</summary>
    public static async Task<JsonObject> ExpectProblem(HttpResponseMessage response, int status, string? detailContains = null)
    {
        await Expect(response, status);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadObject(response);
        Assert.Equal(status, (int)problem["status"]!);
        var detail = (string)problem["detail"]!;
        Assert.False(string.IsNullOrWhiteSpace(detail));
        if (detailContains is not null)
            Assert.Contains(detailContains, detail);
        return problem;
    }
}
