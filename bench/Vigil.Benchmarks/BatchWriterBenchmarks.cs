using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;

namespace Vigil.Benchmarks;

/// <summary>
/// Ping storage throughput on SQLite in commit mode (see <see cref="BatchWriterWorkload"/>). Figures are per ping:
/// 1,000 pings per call. AppendAndCommit includes the wait for the writer thread's fsync'd commits.
/// </summary>
[MemoryDiagnoser]
public class BatchWriterBenchmarks
{
    public const int Monitors = 1_000;

    private BatchWriterWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = new BatchWriterWorkload(Monitors);

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = BatchWriterWorkload.PingsPerCall)]
    public void AppendAndCommit() => _workload.AppendAndCommit();

    [Benchmark(OperationsPerInvoke = BatchWriterWorkload.PingsPerCall)]
    public void WriteBatch() => _workload.WriteBatch();
}
