using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;

namespace Vigil.Benchmarks;

/// <summary>Check scheduler dispatch (see <see cref="SchedulerWorkload"/>); figures are per run: 1,000 per call.</summary>
[MemoryDiagnoser]
public class SchedulerBenchmarks
{
    public const int Monitors = 1_000;

    private SchedulerWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = new SchedulerWorkload(Monitors);

    [GlobalCleanup]
    public void Cleanup() => _workload.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Monitors)]
    public long DispatchOneInterval() => _workload.DispatchOneInterval();
}
