using System.Diagnostics;
using System.Net.Sockets;
using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;
using Vigil.LoadTest.Reporting;

namespace Vigil.LoadTest.Scenarios;

/// <summary>
/// abuse: while a steady stream of good pings runs, send unknown UUIDs, malformed paths, oversized bodies, slow
/// clients and a flood above the per-monitor rate limit. It passes when every bad request gets 4xx (the flood 429),
/// never 5xx, the server still answers afterwards, and at least 99 % of the good pings succeed.
/// </summary>
public static class AbuseScenario
{
    public const double MinGoodSuccess = 0.99;
    private const int AbuseConnections = 4;
    private const double OversizedRate = 5;
    private const long ClaimedBodyBytes = 64L << 20;

    public static async Task<ScenarioOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var o = run.Options;
        var flooded = run.Targets[0];
        var good = run.Targets.Skip(1).ToList();
        var start = Stopwatch.GetTimestamp();
        var main = new Recorder(start, o.Duration);
        run.Progress.Phase($"abuse, good pings at {o.Rate:0} req/s", main, o.Duration);
        // The bad requests come at a quarter of the good rate, between 10 and 500 per second each.
        var badRate = Math.Clamp(o.Rate / 4, 10, 500);

        using var abuseClient = NewClient(o);
        var unknown = new Recorder(start, o.Duration);
        var malformed = new Recorder(start, o.Duration);
        var flood = new Recorder(start, o.Duration);
        var oversized = new Recorder(start, o.Duration);
        var slow = new ErrorCounts();
        var raw = o.Url.Scheme == "http";

        var tasks = new List<Task>
        {
            OpenLoopDriver.RunAsync(run.Client, run.GoodPings(good), new FixedRateSchedule(o.Rate, o.Duration), o.Connections, main, cancellationToken),
            OpenLoopDriver.RunAsync(abuseClient, new RequestsFrom(_ => new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, "ping/" + Guid.NewGuid()))),
                new FixedRateSchedule(badRate, o.Duration), AbuseConnections, unknown, cancellationToken),
            OpenLoopDriver.RunAsync(abuseClient, new RequestsFrom(i => new HttpRequestMessage(HttpMethod.Post, new Uri(o.BaseUrl, MalformedPaths[i % MalformedPaths.Length]))),
                new FixedRateSchedule(badRate, o.Duration), AbuseConnections, malformed, cancellationToken),
            OpenLoopDriver.RunAsync(abuseClient, new PingRequests(o.BaseUrl, [flooded]), new FixedRateSchedule(o.FloodRate, o.Duration), AbuseConnections, flood, cancellationToken),
        };
        if (raw)
        {
            tasks.Add(OversizedAsync(o, oversized, cancellationToken));
            tasks.Add(SlowClientsAsync(o, flooded, slow, cancellationToken));
        }
        await Task.WhenAll(tasks);

        var up = await ServerUpAsync(abuseClient, o.BaseUrl, cancellationToken);
        var goodRate = main.Requests == 0 ? 0 : main.Succeeded / (double)main.Requests;
        var parts = new List<AbusePart>
        {
            BadPart("unknown_uuid", unknown, "404 (4xx), never 5xx"),
            BadPart("malformed_path", malformed, "4xx, never 5xx"),
            FloodPart(flood, o.FloodRate),
        };
        if (raw)
        {
            parts.Add(BadPart("oversized_body", oversized, $"413 (4xx) to a {ClaimedBodyBytes >> 20} MiB batch, never 5xx"));
            var slowAnswers = slow.Snapshot();
            parts.Add(new AbusePart("slow_clients", o.SlowClients, slowAnswers, !slowAnswers.Keys.Any(IsServerError),
                "held open or closed by the server (408/400), never 5xx; good clients unaffected"));
        }
        var outcome = new ScenarioOutcome(main, []) { Abuse = new AbuseReport(parts, up, Math.Round(goodRate, 6)) };
        foreach (var part in parts.Where(p => !p.Passed))
            outcome.Failures.Add($"abuse part {part.Name} failed: expected {part.Expectation}");
        if (!up)
            outcome.Failures.Add("the server did not answer after the abuse");
        if (goodRate < MinGoodSuccess)
            outcome.Failures.Add($"good pings succeeded {goodRate:P2} of the time (at least {MinGoodSuccess:P0} expected)");
        if (!raw)
            run.Progress.Note("oversized bodies and slow clients need an http:// target; skipped");
        return outcome;
    }

    // Each must be refused with a 4xx: not a UUID, an exit status out of range, extra segments, a huge segment,
    // a bare prefix, a rid past 100 characters, an encoded NUL.
    private static readonly string[] MalformedPaths =
    [
        "ping/not-a-uuid",
        $"ping/{Guid.NewGuid()}/999",
        $"ping/{Guid.NewGuid()}/start/extra/segments",
        "ping/" + new string('x', 4000),
        "ping",
        $"ping/{Guid.NewGuid()}?rid={new string('r', 200)}",
        "ping/%00",
        "ping/../../etc/passwd",
    ];

    private static HttpClient NewClient(LoadTestOptions o) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = AbuseConnections * 3, UseCookies = false, UseProxy = false, AllowAutoRedirect = false }) { Timeout = o.RequestTimeout };

    private static bool IsServerError(string kind) => kind is "5xx" or "503";

    private static IReadOnlyDictionary<string, long> Answers(Recorder r)
    {
        var answers = new SortedDictionary<string, long>(r.Errors.Snapshot().ToDictionary(), StringComparer.Ordinal);
        if (r.Succeeded > 0)
            answers["2xx"] = r.Succeeded;
        return answers;
    }

    private static AbusePart BadPart(string name, Recorder r, string expectation)
    {
        var answers = Answers(r);
        var passed = r.Requests > 0 && r.Succeeded == 0 && !answers.Keys.Any(IsServerError);
        return new AbusePart(name, r.Requests, answers, passed, expectation);
    }

    private static AbusePart FloodPart(Recorder r, double rate)
    {
        var answers = Answers(r);
        var passed = answers.ContainsKey("429") && !answers.Keys.Any(IsServerError);
        return new AbusePart("flood", r.Requests, answers, passed,
            $"429 once past the per-monitor rate limit ({rate:0}/s at one monitor; is pings.rate_limit on?), never 5xx");
    }

    /// <summary>Batches that claim 64 MiB and send 16 KB of it: refused from the header, not read.</summary>
    private static async Task OversizedAsync(LoadTestOptions o, Recorder recorder, CancellationToken cancellationToken)
    {
        var schedule = new FixedRateSchedule(OversizedRate, o.Duration);
        var target = RawHttp.Target(o.BaseUrl, "api/v1/pings");
        var head = $"POST {target} HTTP/1.1\r\nHost: {o.Url.Authority}\r\nContent-Type: application/json\r\nContent-Length: {ClaimedBodyBytes}\r\n\r\n";
        var body = new byte[16 * 1024];
        Array.Fill(body, (byte)'[');
        for (long i = 0; schedule.TryGetDue(i, out var due) && !cancellationToken.IsCancellationRequested; i++)
        {
            var wait = recorder.StartTimestamp + due - Stopwatch.GetTimestamp();
            if (wait > 0 && !await OpenLoopDriver.DelayAsync(wait, cancellationToken))
                return;
            var sent = Stopwatch.GetTimestamp();
            string? kind;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(o.RequestTimeout);
                using var socket = await RawHttp.ConnectAsync(o.Url, timeout.Token);
                await RawHttp.SendAsync(socket, head, timeout.Token);
                await socket.SendAsync(body, SocketFlags.None, timeout.Token);
                var status = await RawHttp.ReadStatusAsync(socket, timeout.Token);
                kind = status is { } s ? ErrorCounts.KindOf(s) : "closed_without_answer";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                kind = "timeout";
            }
            catch (SocketException)
            {
                kind = "connection_reset";
            }
            recorder.Record(sent, sent, Stopwatch.GetTimestamp(), kind);
        }
    }

    /// <summary>Connections that send a header line a second and never finish, for the whole run; then closed.</summary>
    private static async Task SlowClientsAsync(LoadTestOptions o, string target, ErrorCounts answers, CancellationToken cancellationToken)
    {
        var until = Stopwatch.GetTimestamp() + (long)(o.Duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, o.SlowClients).Select(i => OneSlowClientAsync(o, target, until, answers, cancellationToken)));
    }

    private static async Task OneSlowClientAsync(LoadTestOptions o, string target, long until, ErrorCounts answers, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = await RawHttp.ConnectAsync(o.Url, cancellationToken);
            await RawHttp.SendAsync(socket, $"POST {RawHttp.Target(o.BaseUrl, "ping/" + target)} HTTP/1.1\r\nHost: {o.Url.Authority}\r\n", cancellationToken);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var reading = RawHttp.ReadStatusAsync(socket, stop.Token);
            for (var line = 0; Stopwatch.GetTimestamp() < until; line++)
            {
                var tick = Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                if (await Task.WhenAny(reading, tick) == reading)
                {
                    var status = await reading;
                    answers.Count(status is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "closed_by_server");
                    return;
                }
                await RawHttp.SendAsync(socket, $"X-Slow-{line}: 1\r\n", cancellationToken);
            }
            answers.Count("held_open");
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
            answers.Count("closed_by_server");
        }
    }

    private static async Task<bool> ServerUpAsync(HttpClient client, Uri baseUrl, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await client.GetAsync(new Uri(baseUrl, "healthz"), cancellationToken);
            return (int)response.StatusCode < 500;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
