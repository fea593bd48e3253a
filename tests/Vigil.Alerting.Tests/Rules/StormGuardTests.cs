using Microsoft.Extensions.Time.Testing;
using Vigil.Alerting.Rules;

namespace Vigil.Alerting.Tests.Rules;

public sealed class StormGuardTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 10, TimeSpan.Zero));

    [Fact]
    public void TryTake_PerChannelLimit_RefusesThatChannelOnly()
    {
        var guard = new StormGuard(_time, globalPerMinute: 100, perChannelPerMinute: 3);
        var busy = Guid.NewGuid();
        var quiet = Guid.NewGuid();

        bool[] taken = [.. Enumerable.Range(0, 5).Select(_ => guard.TryTake(busy))];

        Assert.Equal([true, true, true, false, false], taken);
        Assert.True(guard.TryTake(quiet));
    }

    [Fact]
    public void TryTake_GlobalLimit_RefusesEveryChannel()
    {
        var guard = new StormGuard(_time, globalPerMinute: 4, perChannelPerMinute: 3);
        var channels = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToArray();

        foreach (var channel in channels)
            Assert.True(guard.TryTake(channel));

        Assert.All(channels, c => Assert.False(guard.TryTake(c)));
        Assert.False(guard.TryTake(Guid.NewGuid()));
    }

    [Fact]
    public void TryTake_NextMinute_StartsAFreshWindow()
    {
        var guard = new StormGuard(_time, globalPerMinute: 1, perChannelPerMinute: 1);
        var channel = Guid.NewGuid();
        Assert.True(guard.TryTake(channel));
        Assert.False(guard.TryTake(channel));
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 12, 1, 0, TimeSpan.Zero), guard.WindowEndsAt());

        _time.Advance(TimeSpan.FromSeconds(49)); // 12:00:59, same window
        Assert.False(guard.TryTake(channel));
        _time.Advance(TimeSpan.FromSeconds(1)); // 12:01:00
        Assert.True(guard.TryTake(channel));
    }

    [Fact]
    public void TryTake_ManyThreads_NeverSendsMoreThanTheLimit()
    {
        var guard = new StormGuard(_time, globalPerMinute: 60, perChannelPerMinute: 1000);
        var sent = 0;

        Parallel.For(0, 10_000, _ =>
        {
            if (guard.TryTake(Guid.Empty))
                Interlocked.Increment(ref sent);
        });

        Assert.Equal(60, sent);
    }

    [Fact]
    public void Constructor_LimitBelowOne_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StormGuard(_time, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StormGuard(_time, 1, 0));
    }
}
