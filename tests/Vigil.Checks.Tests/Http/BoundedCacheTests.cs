using Vigil.Checks.Probes.Http;
using Vigil.Core.Caching;

namespace Vigil.Checks.Tests.Http;

public sealed class BoundedCacheTests
{
    [Fact]
    public void Set_OverCapacity_EvictsTheOldestInsertion()
    {
        var cache = new BoundedCache<string, int>(capacity: 2, new CacheStats("test"), bytesPerEntry: 10);

        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("a", 10); // a replaced: its first insertion is now stale, b is the oldest live entry
        cache.Set("c", 3);

        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("a", out var a) && a == 10);
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(2, cache.Count);
        Assert.Equal(1, cache.Stats.Evictions);
        Assert.Equal((2, 20), (cache.Stats.Entries, cache.Stats.Bytes));
    }

    [Fact]
    public void GetOrAdd_CountsAMissThenAHit()
    {
        var cache = new BoundedCache<string, int>(capacity: 2, new CacheStats("test"), bytesPerEntry: 10);

        var first = cache.GetOrAdd("a", _ => 1);
        var second = cache.GetOrAdd("a", _ => 2);

        Assert.Equal((1, 1), (first, second));
        Assert.Equal((1, 1), (cache.Stats.Hits, cache.Stats.Misses));
    }

    [Fact]
    public void Set_ManyReplacements_KeepsEveryLiveEntry()
    {
        var cache = new BoundedCache<int, int>(capacity: 3, new CacheStats("test"), bytesPerEntry: 10);

        for (var round = 0; round < 100; round++)
        {
            for (var key = 0; key < 3; key++)
                cache.Set(key, round);
        }

        Assert.Equal(3, cache.Count);
        Assert.Equal(0, cache.Stats.Evictions);
        Assert.True(cache.TryGet(0, out var value) && value == 99);
    }

    [Fact]
    public void ShrinkByHalf_DropsTheOlderHalf()
    {
        var cache = new BoundedCache<int, int>(capacity: 10, new CacheStats("test"), bytesPerEntry: 10);
        for (var key = 0; key < 4; key++)
            cache.Set(key, key);

        cache.ShrinkByHalf();

        Assert.False(cache.TryGet(0, out _) || cache.TryGet(1, out _));
        Assert.True(cache.TryGet(2, out _) && cache.TryGet(3, out _));
        Assert.Equal((2, 20, 2), (cache.Stats.Entries, cache.Stats.Bytes, cache.Stats.Evictions));
    }
}
