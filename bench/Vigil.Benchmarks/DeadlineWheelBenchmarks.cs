using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;

namespace Vigil.Benchmarks;

/// <summary>
/// The deadline wheel with a million monitors due once an hour (see <see cref="DeadlineWheelWorkload"/>): a sweep of
/// one 250 ms slot, moving 64 monitors and then sweeping, and 64 re-check requests then a sweep.
/// </summary>
[MemoryDiagnoser]
public class DeadlineWheelBenchmarks
{
    private DeadlineWheelWorkload _workload = null!;

    [Params(1_000_000)]
    public int Monitors { get; set; }

    [GlobalSetup]
    public void Setup() => _workload = new DeadlineWheelWorkload(Monitors);

    [Benchmark(Baseline = true)]
    public int Sweep() => _workload.Sweep();

    [Benchmark]
    public int FileAndSweep() => _workload.FileAndSweep();

    [Benchmark]
    public int RequestChecks() => _workload.RequestChecks();
}
