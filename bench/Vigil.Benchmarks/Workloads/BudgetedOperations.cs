namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// One benchmark whose allocations have a budget (bench/allocation-budgets.json). The budget test runs
/// <see cref="Start"/>'s call in-process, the same code the BenchmarkDotNet method calls, and divides the bytes by
/// <see cref="UnitsPerCall"/> (the method's OperationsPerInvoke), so both report bytes per the same operation.
/// </summary>
/// <param name="Name">"Class.Method" of the [Benchmark] method.</param>
/// <param name="OtherThreads">The work also runs on other threads (the writer thread, the thread pool), so only the
/// process-wide allocation counter sees all of it; otherwise the calling thread's counter is exact.</param>
/// <param name="TestScale">What the budget test runs it with, where that is smaller than the benchmark's.</param>
public sealed record BudgetedOperation(string Name, int UnitsPerCall, bool OtherThreads, string TestScale, Func<OperationRun> Start);

/// <summary>A set-up workload and its one operation; disposing tears the workload down.</summary>
public sealed class OperationRun(Action call, Action dispose) : IDisposable
{
    public void Call() => call();

    public void Dispose() => dispose();
}

/// <summary>Every budgeted benchmark and how to run it outside BenchmarkDotNet.</summary>
public static class BudgetedOperations
{
    /// <summary>The wheel at a tenth of the benchmark's million monitors: allocation per sweep does not depend on it,
    /// and the test stays quick.</summary>
    public const int TestWheelMonitors = 100_000;

    public static IReadOnlyList<BudgetedOperation> All { get; } =
    [
        Ping(nameof(PingBenchmarks.RecordSuccess), w => w.RecordSuccess()),
        Ping(nameof(PingBenchmarks.ParseLookupRecord), w => w.ParseLookupRecord()),
        Ping(nameof(PingBenchmarks.Endpoint), w => w.Endpoint()),
        Wheel(nameof(DeadlineWheelBenchmarks.Sweep), w => w.Sweep()),
        Wheel(nameof(DeadlineWheelBenchmarks.FileAndSweep), w => w.FileAndSweep()),
        Wheel(nameof(DeadlineWheelBenchmarks.RequestChecks), w => w.RequestChecks()),
        Writer(nameof(BatchWriterBenchmarks.AppendAndCommit), w => w.AppendAndCommit()),
        Writer(nameof(BatchWriterBenchmarks.WriteBatch), w => w.WriteBatch()),
        new($"{nameof(SchedulerBenchmarks)}.{nameof(SchedulerBenchmarks.DispatchOneInterval)}", SchedulerBenchmarks.Monitors, true,
            $"{SchedulerBenchmarks.Monitors} monitors", () =>
            {
                var workload = new SchedulerWorkload(SchedulerBenchmarks.Monitors);
                return new OperationRun(() => workload.DispatchOneInterval(), () => workload.DisposeAsync().AsTask().GetAwaiter().GetResult());
            }),
    ];

    private static BudgetedOperation Ping(string method, Action<PingWorkload> call) =>
        new($"{nameof(PingBenchmarks)}.{method}", 1, false, $"{PingBenchmarks.Monitors} monitors", () =>
        {
            var workload = new PingWorkload(PingBenchmarks.Monitors);
            return new OperationRun(() => call(workload), workload.Dispose);
        });

    private static BudgetedOperation Wheel(string method, Action<DeadlineWheelWorkload> call) =>
        new($"{nameof(DeadlineWheelBenchmarks)}.{method}", 1, false, $"{TestWheelMonitors} monitors", () =>
        {
            var workload = new DeadlineWheelWorkload(TestWheelMonitors);
            return new OperationRun(() => call(workload), () => { });
        });

    private static BudgetedOperation Writer(string method, Action<BatchWriterWorkload> call) =>
        new($"{nameof(BatchWriterBenchmarks)}.{method}", BatchWriterWorkload.PingsPerCall, true, $"{BatchWriterBenchmarks.Monitors} monitors", () =>
        {
            var workload = new BatchWriterWorkload(BatchWriterBenchmarks.Monitors);
            return new OperationRun(() => call(workload), workload.Dispose);
        });
}
