using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;
using Vigil.Core.Runtime;

namespace Vigil.Benchmarks;

/// <summary>
/// Ping handling on up heartbeat monitors (see <see cref="PingWorkload"/>): the engine's record, the endpoint's
/// parse → lookup → record, and the whole endpoint handler without the socket. Budget: zero bytes for all three.
/// </summary>
[MemoryDiagnoser]
public class PingBenchmarks
{
    public const int Monitors = 10_000;

    private PingWorkload _workload = null!;

    [GlobalSetup]
    public void Setup() => _workload = new PingWorkload(Monitors);

    [GlobalCleanup]
    public void Cleanup() => _workload.Dispose();

    [Benchmark(Baseline = true)]
    public PingResult RecordSuccess() => _workload.RecordSuccess();

    [Benchmark]
    public PingResult ParseLookupRecord() => _workload.ParseLookupRecord();

    [Benchmark]
    public int Endpoint() => _workload.Endpoint();
}
