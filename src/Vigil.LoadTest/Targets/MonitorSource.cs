using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Vigil.LoadTest.Targets;

/// <summary>
/// Where the pinged monitors come from: created through the API for the run (and deleted after it), read from a
/// file (one UUID or <c>ping-key/slug</c> a line), or listed through <c>GET /api/v1/monitors</c>.
/// </summary>
public sealed class MonitorSource(HttpClient api, Uri baseUrl)
{
    private const int ApiConcurrency = 8;

    public static HttpClient ApiClient(string? apiKey, TimeSpan timeout)
    {
        var client = new HttpClient { Timeout = timeout };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client;
    }

    /// <summary>Reads targets from a file: one per line, blank lines and <c>#</c> comments skipped.</summary>
    public static IReadOnlyList<string> ReadFile(string path, int limit)
    {
        var targets = File.ReadLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Take(limit)
            .ToList();
        foreach (var t in targets)
        {
            if (!Guid.TryParse(t, out _) && t.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                throw new LoadTestException($"--ids: '{Shorten(t)}' in {path} is neither a UUID nor ping-key/slug");
        }
        if (targets.Count == 0)
            throw new LoadTestException($"--ids: {path} lists no monitors");
        return targets;
    }

    /// <summary>Creates <paramref name="count"/> heartbeat monitors named after the run; returns their ids.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(int count, string runName, CancellationToken cancellationToken)
    {
        var ids = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = ApiConcurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            // A day's period: the monitors must not go late and alert while the test runs.
            var body = new JsonObject
            {
                ["name"] = $"{runName}-{i}",
                ["type"] = "heartbeat",
                ["period_seconds"] = 86_400,
                ["grace_seconds"] = 3600,
                ["tags"] = new JsonArray("loadtest"),
            };
            using var response = await api.PostAsJsonAsync(new Uri(baseUrl, "api/v1/monitors"), body, ct);
            if (!response.IsSuccessStatusCode)
                throw new LoadTestException($"--create: POST /api/v1/monitors answered {(int)response.StatusCode}: {Shorten(await response.Content.ReadAsStringAsync(ct))}");
            var created = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            ids[i] = (string?)created?["id"] ?? throw new LoadTestException("--create: the answer to POST /api/v1/monitors has no id");
        });
        return ids;
    }

    /// <summary>Deletes monitors this run created; failures are reported, not thrown.</summary>
    public async Task<int> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        var failed = 0;
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = ApiConcurrency, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                using var response = await api.DeleteAsync(new Uri(baseUrl, $"api/v1/monitors/{id}"), ct);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failed);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
        });
        return failed;
    }

    /// <summary>Lists up to <paramref name="limit"/> heartbeat monitors through the API (a read key is needed).</summary>
    public async Task<IReadOnlyList<string>> FetchAsync(int limit, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        string? cursor = null;
        do
        {
            var url = new Uri(baseUrl, "api/v1/monitors?limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            using var response = await api.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new LoadTestException($"GET /api/v1/monitors answered {(int)response.StatusCode}: give --api-key (or VIGIL_API_KEY), --ids FILE or --create");
            var page = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken)
                       ?? throw new LoadTestException("GET /api/v1/monitors answered no JSON");
            foreach (var monitor in page["monitors"]?.AsArray() ?? [])
            {
                if ((string?)monitor?["type"] is null or "heartbeat" && (string?)monitor?["status"] != "paused" && (string?)monitor?["id"] is { } id)
                    ids.Add(id);
                if (ids.Count >= limit)
                    return ids;
            }
            cursor = (string?)page["next_cursor"];
        } while (cursor is not null);
        if (ids.Count == 0)
            throw new LoadTestException("the server has no heartbeat monitors to ping: use --create (with an API key) or --ids FILE");
        return ids;
    }

    private static string Shorten(string text) => text.Length > 200 ? text[..200] + "…" : text;
}
