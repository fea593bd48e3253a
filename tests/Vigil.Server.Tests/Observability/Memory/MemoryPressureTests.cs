using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Vigil.Server.Observability.Memory;

namespace Vigil.Server.Tests.Observability.Memory;

public sealed class MemoryPressureTests : IDisposable
{
    private const long Mb = 1024 * 1024;
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Fact]
    public void Shedding_StartsAtThePercent_AndStopsFivePointsBelow()
    {
        var pressure = new MemoryPressure(new MemoryOptions { MemoryLimitMb = 100, ShedAtPercent = 90 });

        Assert.False(pressure.Update(89 * Mb));
        Assert.True(pressure.Update(90 * Mb));
        Assert.True(pressure.Shedding);
        Assert.False(pressure.Update(86 * Mb));
        Assert.True(pressure.Shedding);
        Assert.True(pressure.Update(84 * Mb));
        Assert.False(pressure.Shedding);
        Assert.Equal(1, pressure.ShedEvents);
    }

    [Fact]
    public void WithoutALimit_NothingIsShed()
    {
        var pressure = new MemoryPressure(new MemoryOptions());

        Assert.False(pressure.Update(long.MaxValue / 2));
        Assert.False(pressure.Shedding);
    }

    [Fact]
    public void Service_ShrinksCaches_CountsAndGauges()
    {
        var options = new MemoryOptions { MemoryLimitMb = 100 };
        var pressure = new MemoryPressure(options);
        var meters = _services.GetRequiredService<IMeterFactory>();
        using var events = new MetricRecorder(meters, "vigil.memory.shed_events");
        using var shedding = new MetricRecorder(meters, "vigil.memory.shedding");
        using var limit = new MetricRecorder(meters, "vigil.memory.limit");
        var heap = 10 * Mb;
        var service = new MemoryPressureService(pressure, options, new FakeTimeProvider(), meters, NullLogger<MemoryPressureService>.Instance, () => heap);
        var shrunk = 0;
        var seen = new List<bool>();
        using var registration = pressure.OnShed(() => shrunk++);
        using var failing = pressure.OnShed(() => throw new InvalidOperationException("a broken cache"));
        pressure.SheddingChanged += seen.Add;

        service.Check();
        heap = 95 * Mb;
        service.Check();
        service.Check();

        Assert.Equal(1, shrunk);
        Assert.Equal(1, events.Read().Sum(m => m.Value));
        Assert.Equal(1, shedding.Read().Last().Value);
        Assert.Equal(100 * Mb, limit.Read().Last().Value);

        heap = 20 * Mb;
        service.Check();

        Assert.Equal([true, false], seen);
        shedding.Clear();
        Assert.Equal(0, shedding.Read().Last().Value);
    }

    [Fact]
    public void Reexec_WantsTheLimitInHex()
    {
        Assert.Equal("0x10000000", GcHeapLimitReexec.ValueFor(256 * Mb));
        Assert.Equal(GcHeapLimitReexec.Outcome.NoLimit, GcHeapLimitReexec.EnsureApplied(0));
    }

    public void Dispose() => _services.Dispose();
}
