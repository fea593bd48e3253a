using System.Reflection;
using BenchmarkDotNet.Attributes;
using Vigil.Benchmarks.Workloads;
using Xunit.Abstractions;

[assembly: CollectionBehavior(DisableTestParallelization = true)] // the process-wide counter must see only one test

namespace Vigil.Benchmarks.Tests;

/// <summary>
/// Runs each budgeted benchmark's operation (the very code its [Benchmark] method calls) in-process and checks the
/// bytes it allocates per operation against bench/allocation-budgets.json. A warm-up first, so one-time costs
/// (statics, JIT tiering, pools filling, lists reaching their working size) are not counted.
/// </summary>
public sealed class AllocationBudgetTests(ITestOutputHelper output)
{
    public static TheoryData<string> Budgeted() => [.. BudgetedOperations.All.Select(o => o.Name)];

    [Theory]
    [MemberData(nameof(Budgeted))]
    public void StaysWithinItsAllocationBudget(string name)
    {
        var operation = BudgetedOperations.All.Single(o => o.Name == name);
        var budget = AllocationBudget.Load().SingleOrDefault(b => b.Benchmark == name)
                     ?? throw new InvalidOperationException($"{name} has no entry in bench/allocation-budgets.json");
        // Cheap in-memory operations run often enough that one stray allocation shows; the ones that commit to disk or
        // dispatch a thousand runs are slow, so fewer calls (each is a thousand operations).
        var (warmUp, measured) = operation.UnitsPerCall > 1 ? (5, 20) : (20_000, 50_000);

        using var run = operation.Start();
        for (var i = 0; i < warmUp; i++)
            run.Call();
        var before = Allocated(operation.OtherThreads);
        for (var i = 0; i < measured; i++)
            run.Call();
        var bytes = Allocated(operation.OtherThreads) - before;

        var perOperation = (double)bytes / ((long)measured * operation.UnitsPerCall);
        output.WriteLine($"{name}: {perOperation:0.##} bytes per operation ({bytes} bytes over {measured} calls of {operation.UnitsPerCall}; " +
                         $"{operation.TestScale}; {(operation.OtherThreads ? "all threads" : "this thread")}); budget {budget.MaxBytes}");
        Assert.True(perOperation <= budget.MaxBytes,
            $"{name} allocated {perOperation:0.##} bytes per operation, over its budget of {budget.MaxBytes} ({budget.Why})");
    }

    [Fact]
    public void EveryBudgetNamesABudgetedBenchmark()
    {
        var budgets = AllocationBudget.Load();
        var operations = BudgetedOperations.All.Select(o => o.Name).ToHashSet();
        Assert.All(budgets, b => Assert.True(operations.Contains(b.Benchmark), $"{b.Benchmark} is budgeted but no such operation exists"));
        Assert.All(operations, n => Assert.True(budgets.Any(b => b.Benchmark == n), $"{n} has no budget"));
        Assert.All(budgets, b => Assert.True(b.MaxBytes >= 0, $"{b.Benchmark}: max_bytes must not be negative"));
    }

    [Fact]
    public void EveryBudgetedOperationIsTheBenchmarkMethodItNames()
    {
        var assembly = typeof(PingBenchmarks).Assembly;
        foreach (var operation in BudgetedOperations.All)
        {
            var dot = operation.Name.IndexOf('.', StringComparison.Ordinal);
            var type = assembly.GetType($"Vigil.Benchmarks.{operation.Name[..dot]}");
            var method = type?.GetMethod(operation.Name[(dot + 1)..]);
            var benchmark = method?.GetCustomAttribute<BenchmarkAttribute>();
            Assert.True(type is not null && benchmark is not null, $"{operation.Name} is not a [Benchmark] method");
            Assert.True(type.GetCustomAttribute<MemoryDiagnoserAttribute>() is not null, $"{type.Name} has no [MemoryDiagnoser]");
            // Bytes per operation mean the same thing in the BenchmarkDotNet report and in the budget.
            Assert.Equal(benchmark!.OperationsPerInvoke, operation.UnitsPerCall);
        }
    }

    private static long Allocated(bool allThreads) =>
        allThreads ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
}
