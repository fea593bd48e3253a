using Vigil.Core.Runtime;

namespace Vigil.Core.Tests.Runtime;

public sealed class MonitorRegistryTests
{
    [Fact]
    public void Registry_GrowingFromEmpty_FindsEveryMonitorByIdAndSlug()
    {
        var registry = new MonitorRegistry();
        var monitors = Enumerable.Range(1, 5000).Select(i => TestData.Monitor(i)).ToList();

        foreach (var monitor in monitors)
            Assert.True(registry.TryAdd(monitor));

        Assert.Equal(5000, registry.Count);
        foreach (var monitor in monitors)
        {
            Assert.True(registry.TryGet(monitor.Id, out var byId));
            Assert.Same(monitor, byId);
            Assert.True(registry.TryGetBySlug(monitor.Definition.Slug, out var bySlug));
            Assert.Same(monitor, bySlug);
        }
        Assert.Equal(monitors.Select(m => m.Seq).Order(), registry.All.Select(m => m.Seq).Order());
    }

    [Fact]
    public void TryAdd_TakenSlugOrId_RefusesAndLeavesTheHolder()
    {
        var registry = new MonitorRegistry();
        var first = TestData.Monitor(1);
        registry.TryAdd(first);

        Assert.False(registry.TryAdd(TestData.Monitor(2, TestData.Definition(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1), first.Definition.Slug))));
        Assert.False(registry.TryAdd(TestData.Monitor(3, first.Definition with { Slug = "other" })));

        Assert.Equal(1, registry.Count);
        Assert.False(registry.TryGetBySlug("other", out _)); // the refused id must not leave its slug behind
        Assert.True(registry.TryGetBySlug(first.Definition.Slug, out var holder));
        Assert.Same(first, holder);
    }

    [Fact]
    public void Churn_RemovingAndAddingManyTimesTheCapacity_KeepsLookupsExact()
    {
        // Removals leave tombstones; the index has to rebuild past them rather than fill up or lose live entries.
        var registry = new MonitorRegistry();
        registry.Reserve(100);
        var live = new List<MonitorRuntime>();
        for (var seq = 1; seq <= 20_000; seq++)
        {
            var monitor = TestData.Monitor(seq);
            Assert.True(registry.TryAdd(monitor));
            live.Add(monitor);
            if (live.Count > 50)
            {
                var gone = live[seq % live.Count];
                live.Remove(gone);
                Assert.True(registry.TryRemove(gone));
                Assert.False(registry.TryGet(gone.Id, out _));
                Assert.False(registry.TryGetBySlug(gone.Definition.Slug, out _));
                Assert.False(registry.TryRemove(gone));
            }
        }

        Assert.Equal(live.Count, registry.Count);
        Assert.Equal(live.Select(m => m.Seq).Order(), registry.All.Select(m => m.Seq).Order());
        Assert.All(live, m => Assert.True(registry.TryGet(m.Id, out _) && registry.TryGetBySlug(m.Definition.Slug, out _)));
    }

    [Fact]
    public void TryMoveSlug_FreeSlug_MovesIt_TakenSlug_Refuses()
    {
        var registry = new MonitorRegistry();
        var a = TestData.Monitor(1);
        var b = TestData.Monitor(2);
        registry.TryAdd(a);
        registry.TryAdd(b);

        Assert.False(registry.TryMoveSlug(a, a.Definition.Slug, b.Definition.Slug));
        Assert.True(registry.TryMoveSlug(a, a.Definition.Slug, "renamed"));

        Assert.False(registry.TryGetBySlug(a.Definition.Slug, out _));
        Assert.True(registry.TryGetBySlug("renamed", out var moved));
        Assert.Same(a, moved);
        Assert.True(registry.TryGetBySlug(b.Definition.Slug, out var other));
        Assert.Same(b, other);
    }

    [Fact]
    public async Task Readers_DuringAddsAndRemoves_AlwaysFindTheMonitorsThatStay()
    {
        var registry = new MonitorRegistry();
        var stable = Enumerable.Range(1, 1000).Select(i => TestData.Monitor(i)).ToList();
        foreach (var monitor in stable)
            registry.TryAdd(monitor);
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            for (var seq = 10_000; !stop.IsCancellationRequested; seq++)
            {
                var churn = TestData.Monitor(seq);
                registry.TryAdd(churn); // grows and rebuilds the tables under the readers
                registry.TryRemove(churn);
            }
        });
        var misses = 0;
        for (var round = 0; round < 200; round++)
            foreach (var monitor in stable)
                if (!registry.TryGet(monitor.Id, out var found) || !ReferenceEquals(found, monitor) || !registry.TryGetBySlug(monitor.Definition.Slug, out _))
                    misses++;
        await stop.CancelAsync();
        await writer;

        Assert.Equal(0, misses);
    }
}
