using System.Diagnostics.Metrics;
using Vigil.Server.Observability.Instruments;

namespace Vigil.Server.Observability.Memory;

/// <summary>
/// Compares the GC heap after its last collection with the limit every <see cref="MemoryOptions.CheckInterval"/>,
/// drives <see cref="MemoryPressure"/>, and logs once per entry into and exit from shedding. Also publishes
/// <c>vigil.memory.limit</c>, <c>vigil.memory.shedding</c> and <c>vigil.memory.shed_events</c>.
/// </summary>
public sealed class MemoryPressureService : BackgroundService
{
    private readonly MemoryPressure _pressure;
    private readonly MemoryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MemoryPressureService> _logger;
    private readonly Func<long> _readHeapBytes;
    private readonly Counter<long> _shedEvents;

    public MemoryPressureService(MemoryPressure pressure, MemoryOptions options, TimeProvider time, IMeterFactory meters, ILogger<MemoryPressureService> logger)
        : this(pressure, options, time, meters, logger, static () => GC.GetGCMemoryInfo().HeapSizeBytes)
    {
    }

    internal MemoryPressureService(MemoryPressure pressure, MemoryOptions options, TimeProvider time, IMeterFactory meters, ILogger<MemoryPressureService> logger, Func<long> readHeapBytes)
    {
        _pressure = pressure;
        _options = options;
        _time = time;
        _logger = logger;
        _readHeapBytes = readHeapBytes;
        var meter = meters.Create(MeterNames.System);
        meter.CreateObservableGauge("vigil.memory.limit", () => pressure.LimitBytes, "By", "The GC heap limit from performance.memory_limit_mb (0 = none)");
        meter.CreateObservableGauge("vigil.memory.shedding", () => pressure.Shedding ? 1 : 0, "1", "1 while Vigil sheds optional work because the GC heap is near its limit");
        _shedEvents = meter.CreateCounter<long>("vigil.memory.shed_events", "{event}", "Times Vigil started shedding because the GC heap neared its limit");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_pressure.LimitBytes <= 0)
            return;
        WarnWhenNotEnforced();
        using var timer = new PeriodicTimer(_options.CheckInterval, _time);
        try
        {
            do
                Check();
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal void Check()
    {
        if (!_pressure.Update(_readHeapBytes()))
            return;
        var heapMb = _pressure.LastHeapBytes / (1024.0 * 1024.0);
        var limitMb = _pressure.LimitBytes / (1024.0 * 1024.0);
        if (_pressure.Shedding)
        {
            _shedEvents.Add(1);
            _logger.LogWarning("Memory: the GC heap is {HeapMb:0} MB of the {LimitMb:0} MB limit (shed_at_percent {Percent}); shedding caches and low-priority checks", heapMb, limitMb, _pressure.ShedAtPercent);
            foreach (var error in _pressure.Shrink())
                _logger.LogError(error, "A cache failed to shrink while shedding memory");
        }
        else
        {
            _logger.LogInformation("Memory: the GC heap is down to {HeapMb:0} MB of the {LimitMb:0} MB limit; shedding stopped", heapMb, limitMb);
        }
        _pressure.RaiseChanged();
    }

    private void WarnWhenNotEnforced()
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available != _pressure.LimitBytes)
            _logger.LogWarning("performance.memory_limit_mb is {LimitMb} but the GC runs without that hard limit; Vigil still sheds near it. To enforce it, {Instruction}",
                _pressure.LimitBytes / (1024 * 1024), GcHeapLimitReexec.Instruction(_pressure.LimitBytes));
    }
}
