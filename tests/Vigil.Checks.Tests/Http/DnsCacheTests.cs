using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Vigil.Checks.Probes.Http;

namespace Vigil.Checks.Tests.Http;

public sealed class DnsCacheTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task ResolveAsync_WithinTtl_IsAHit_AfterTtl_ResolvesAgain()
    {
        var cache = new DnsCache(TimeSpan.FromSeconds(30), capacity: 10, _time);

        var first = await cache.ResolveAsync("localhost", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(29));
        await cache.ResolveAsync("LOCALHOST", CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(2));
        await cache.ResolveAsync("localhost", CancellationToken.None);

        Assert.Contains(IPAddress.Loopback, first);
        Assert.Equal((1, 2, 0, 1), (cache.Stats.Hits, cache.Stats.Misses, cache.Stats.Evictions, cache.Stats.Entries));
    }

    [Fact]
    public async Task ResolveAsync_IpLiteral_SkipsTheCache()
    {
        var cache = new DnsCache(TimeSpan.FromSeconds(30), capacity: 10, _time);

        var addresses = await cache.ResolveAsync("127.0.0.1", CancellationToken.None);

        Assert.Equal([IPAddress.Loopback], addresses);
        Assert.Equal((0L, 0L, 0L), (cache.Stats.Hits, cache.Stats.Misses, cache.Stats.Entries));
    }

    [Fact]
    public async Task ResolveAsync_UnknownName_ThrowsAndCachesNothing()
    {
        var cache = new DnsCache(TimeSpan.FromSeconds(30), capacity: 10, _time);

        await Assert.ThrowsAsync<SocketException>(() => cache.ResolveAsync("nonexistent.invalid", CancellationToken.None).AsTask());

        Assert.Equal(0, cache.Stats.Entries);
    }
}
