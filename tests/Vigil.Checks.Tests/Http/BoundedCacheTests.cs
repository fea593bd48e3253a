using Vigil.Checks.Probes.Http;

namespace Vigil.Checks.Tests.Http;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Set_OverCapacity_EvictsTheOldestInsertion()
    {
        var cache = new BoundedCache<string, int>(capacity: 2);

        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("a", 10); // a replaced: its first insertion is now stale, b is the oldest live entry
        cache.Set("c", 3);

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a) && a == 10);
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Evictions);
    }

    [Fact]
    public void Set_ManyReplacements_KeepsEveryLiveEntry()
    {
        var cache = new BoundedCache<int, int>(capacity: 3);

        for (var round = 0; round < 100; round++)
        {
            for (var key = 0; key < 3; key++)
                cache.Set(key, round);
        }

        Assert.Equal(3, cache.Count);
        Assert.Equal(0, cache.Evictions);
        Assert.True(cache.TryGet(0, out var value) && value == 99);
    }
}
