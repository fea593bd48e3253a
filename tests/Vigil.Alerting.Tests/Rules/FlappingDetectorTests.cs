using Vigil.Alerting.Rules;
using Vigil.Core.Alerts;

namespace Vigil.Alerting.Tests.Rules;

public sealed class FlappingDetectorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly FlappingRule FiveInTen = new(5, TimeSpan.FromMinutes(10));
    private readonly FlappingDetector _detector = new();

    private FlapVerdict[] ChangesEvery(Guid monitor, TimeSpan step, int count, DateTimeOffset? start = null) =>
        [.. Enumerable.Range(0, count).Select(i => _detector.Observe(monitor, (start ?? T0) + step * i, FiveInTen))];

    [Fact]
    public void Observe_FifthChangeInTheWindow_StartsFlapping_ThenSuppresses()
    {
        var monitor = Guid.NewGuid();

        var verdicts = ChangesEvery(monitor, TimeSpan.FromMinutes(1), 8);

        Assert.Equal([FlapVerdict.Normal, FlapVerdict.Normal, FlapVerdict.Normal, FlapVerdict.Normal, FlapVerdict.Started,
            FlapVerdict.Suppressed, FlapVerdict.Suppressed, FlapVerdict.Suppressed], verdicts);
        Assert.True(_detector.IsFlapping(monitor));
    }

    [Fact]
    public void Observe_ChangesSpreadWiderThanTheWindow_StayNormal()
    {
        var verdicts = ChangesEvery(Guid.NewGuid(), TimeSpan.FromMinutes(2.5), 20); // 4 changes per 10 minutes at most

        Assert.All(verdicts, v => Assert.Equal(FlapVerdict.Normal, v));
    }

    [Fact]
    public void Observe_ChangeExactlyAWindowAfterAnother_DoesNotCountTheOldOne()
    {
        var monitor = Guid.NewGuid();
        ChangesEvery(monitor, TimeSpan.FromMinutes(1), 4); // T0 .. T0+3m

        Assert.Equal(FlapVerdict.Normal, _detector.Observe(monitor, T0.AddMinutes(10), FiveInTen)); // T0 fell out
        Assert.Equal(FlapVerdict.Started, _detector.Observe(monitor, T0.AddMinutes(10.5), FiveInTen));
    }

    [Fact]
    public void Settled_AfterAQuietWindow_ReportsTheFlappingMonitorOnce()
    {
        var flapping = Guid.NewGuid();
        var calm = Guid.NewGuid();
        ChangesEvery(flapping, TimeSpan.FromMinutes(1), 6); // last change at T0+5m
        _detector.Observe(calm, T0.AddMinutes(5), FiveInTen);

        Assert.Empty(_detector.Settled(T0.AddMinutes(14)));
        Assert.Equal([flapping], _detector.Settled(T0.AddMinutes(15)));
        Assert.Empty(_detector.Settled(T0.AddMinutes(16)));
        Assert.Equal(0, _detector.Count); // the calm one was dropped too
        Assert.Equal(FlapVerdict.Normal, _detector.Observe(flapping, T0.AddMinutes(20), FiveInTen)); // a fresh start
    }

    [Fact]
    public void Settled_AChangeDuringTheQuietWindow_KeepsItFlapping()
    {
        var monitor = Guid.NewGuid();
        ChangesEvery(monitor, TimeSpan.FromMinutes(1), 5);
        Assert.Equal(FlapVerdict.Suppressed, _detector.Observe(monitor, T0.AddMinutes(13), FiveInTen));

        Assert.Empty(_detector.Settled(T0.AddMinutes(20)));
        Assert.Equal([monitor], _detector.Settled(T0.AddMinutes(23)));
    }

    [Fact]
    public void Memory_IsBoundedToMonitorsWithRecentChanges()
    {
        for (var i = 0; i < 10_000; i++)
            ChangesEvery(Guid.NewGuid(), TimeSpan.FromSeconds(1), 3, T0.AddSeconds(i % 60));
        Assert.Equal(10_000, _detector.Count);

        _detector.Settled(T0.AddMinutes(11)); // the last changes were at T0+2s .. T0+61s
        Assert.Equal(166, _detector.Count); // the 166 (i % 60 == 59) whose last change was at T0+61s are inside their window

        _detector.Settled(T0.AddMinutes(12));
        Assert.Equal(0, _detector.Count);
    }

    [Fact]
    public void Remove_ForgetsTheMonitor()
    {
        var monitor = Guid.NewGuid();
        ChangesEvery(monitor, TimeSpan.FromMinutes(1), 5);

        _detector.Remove(monitor);

        Assert.False(_detector.IsFlapping(monitor));
        Assert.Empty(_detector.Settled(T0.AddHours(1)));
    }
}
