using Vigil.Core.Runtime;

namespace Vigil.Server.Monitors;

/// <summary>Pages over live monitors in creation order (by seq) without copying or sorting them all.</summary>
public static class MonitorQuery
{
    /// <summary>
    /// One pass: counts every match, and keeps the <paramref name="limit"/> smallest seqs after the cursor in a
    /// bounded max-heap, so a page of a million monitors costs O(n log limit) time and O(limit) memory.
    /// </summary>
    public static (List<MonitorRuntime> Page, int Total, bool More) Page(IEnumerable<MonitorRuntime> monitors, long? after, int limit, Func<MonitorRuntime, bool> matches)
    {
        var heap = new PriorityQueue<MonitorRuntime, long>(limit + 1, Comparer<long>.Create((a, b) => b.CompareTo(a)));
        var total = 0;
        var afterCursor = 0;
        foreach (var monitor in monitors)
        {
            if (!matches(monitor))
                continue;
            total++;
            if (after is { } cursor && monitor.Seq <= cursor)
                continue;
            afterCursor++;
            heap.Enqueue(monitor, monitor.Seq);
            if (heap.Count > limit)
                heap.Dequeue(); // drops the largest seq kept so far
        }
        var page = new List<MonitorRuntime>(heap.Count);
        while (heap.TryDequeue(out var monitor, out _))
            page.Add(monitor);
        page.Reverse();
        return (page, total, afterCursor > limit);
    }
}
