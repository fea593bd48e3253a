using System.Buffers.Text;
using System.Diagnostics;
using Vigil.LoadTest.Measuring;

namespace Vigil.LoadTest.Driving;

/// <summary>
/// Sends requests on a schedule, whatever the server does (open loop), from <c>workers</c> concurrent senders
/// (one connection each), and records each request's latency from its <em>scheduled</em> send time. When the
/// server stalls, the requests that fell due meanwhile are sent late and their wait is counted: that is the
/// correction for coordinated omission, the error of a closed loop that simply stops asking while it waits.
/// </summary>
public static class OpenLoopDriver
{
    // Below this a timer cannot wait precisely; the request is sent at once.
    private static readonly long MinSleepTicks = Stopwatch.Frequency / 1000;

    public static async Task RunAsync(HttpClient client, IRequestSource source, ISchedule schedule, int workers, Recorder recorder, CancellationToken cancellationToken)
    {
        long next = -1;
        var start = recorder.StartTimestamp;
        var tasks = new Task[workers];
        for (var w = 0; w < workers; w++)
            tasks[w] = Task.Run(WorkAsync, CancellationToken.None);
        await Task.WhenAll(tasks);

        async Task WorkAsync()
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next);
                if (!schedule.TryGetDue(index, out var dueTicks))
                    return;
                var from = start + dueTicks;
                var wait = from - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    // Idle until it is due. A timer oversleeps by up to a tick: that delay is the generator's, not
                    // the server's, so such a request counts from its real send. A request that was already due
                    // when a worker took it (every worker was waiting on the server) counts from its schedule.
                    if (wait > MinSleepTicks && !await DelayAsync(wait, cancellationToken))
                        return;
                    from = Stopwatch.GetTimestamp();
                }
                if (!await SendAsync(client, source, index, from, recorder, cancellationToken))
                    return;
            }
        }
    }

    /// <summary>Sends one request and records it; false when the run was cancelled meanwhile.</summary>
    private static async Task<bool> SendAsync(HttpClient client, IRequestSource source, long index, long from, Recorder recorder, CancellationToken cancellationToken)
    {
        var sent = Stopwatch.GetTimestamp();
        var pings = source.PingsPerRequest;
        string? kind;
        try
        {
            using var request = source.Create(index);
            using var response = await client.SendAsync(request, cancellationToken);
            kind = ErrorCounts.KindOf((int)response.StatusCode);
            if (kind is null && source.ReadsBatchResult)
            {
                var accepted = Accepted(await response.Content.ReadAsByteArrayAsync(cancellationToken));
                if (accepted < pings)
                    recorder.Errors.Count("batch_item_rejected", pings - accepted);
                pings = accepted;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false; // stopped: a request cut short by the stop is not a result
        }
        catch (Exception error)
        {
            kind = ErrorCounts.KindOf(error);
        }
        recorder.Record(from, sent, Stopwatch.GetTimestamp(), kind, pings);
        return true;
    }

    /// <summary>The <c>accepted</c> count of a batch answer (<c>{"accepted": N, …}</c>); 0 when absent.</summary>
    internal static int Accepted(ReadOnlySpan<byte> json)
    {
        var at = json.IndexOf("\"accepted\":"u8);
        if (at < 0)
            return 0;
        var rest = json[(at + "\"accepted\":"u8.Length)..].TrimStart(" "u8);
        return Utf8Parser.TryParse(rest, out int accepted, out _) ? accepted : 0;
    }

    /// <summary>Waits <paramref name="ticks"/> (Stopwatch ticks); false when cancelled meanwhile.</summary>
    internal static async Task<bool> DelayAsync(long ticks, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency), cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
