using System.Globalization;

namespace Vigil.LoadTest.Measuring;

/// <summary>
/// Reads the server's CPU and memory from its Prometheus page (<c>/metrics</c>): the runtime's process CPU seconds,
/// working set (RSS) and GC heap after the last collection. A server without them gives no sample.
/// </summary>
public sealed class ServerProbe(HttpClient client, Uri baseUrl)
{
    private readonly Uri _metrics = new(baseUrl, "metrics");

    public async Task<ServerSample?> SampleAsync(double atSeconds, CancellationToken cancellationToken)
    {
        string page;
        try
        {
            using var response = await client.GetAsync(_metrics, cancellationToken);
            if (!response.IsSuccessStatusCode)
                return null;
            page = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        return Parse(page, atSeconds);
    }

    internal static ServerSample? Parse(string page, double atSeconds)
    {
        double cpu = 0, rss = 0, heap = 0;
        bool hasCpu = false, hasRss = false, hasHeap = false;
        foreach (var raw in page.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
                continue;
            var space = line.LastIndexOf(' ');
            if (space < 0 || !double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                continue;
            var brace = line.IndexOf('{');
            var name = brace >= 0 ? line[..brace] : line[..space];
            switch (name)
            {
                case "dotnet_process_cpu_time_seconds_total":
                    cpu += value;
                    hasCpu = true;
                    break;
                case "dotnet_process_memory_working_set_bytes":
                    rss = value;
                    hasRss = true;
                    break;
                case "dotnet_gc_last_collection_heap_size_bytes":
                    heap += value;
                    hasHeap = true;
                    break;
            }
        }
        return hasCpu || hasRss || hasHeap
            ? new ServerSample(Math.Round(atSeconds, 3), hasCpu ? cpu : null, hasRss ? (long)rss : null, hasHeap ? (long)heap : null)
            : null;
    }
}

/// <summary>One reading of the server: seconds into the run, CPU seconds used since it started, RSS, GC heap.</summary>
public sealed record ServerSample(double AtSeconds, double? CpuSeconds, long? RssBytes, long? GcHeapBytes);
