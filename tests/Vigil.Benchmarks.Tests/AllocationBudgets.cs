using System.Text.Json;

namespace Vigil.Benchmarks.Tests;

/// <summary>bench/allocation-budgets.json: the most bytes each budgeted benchmark may allocate per operation.</summary>
public sealed record AllocationBudget(string Benchmark, long MaxBytes, string Why)
{
    public static IReadOnlyList<AllocationBudget> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "allocation-budgets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var budgets = new List<AllocationBudget>();
        foreach (var entry in document.RootElement.GetProperty("budgets").EnumerateObject())
        {
            var maxBytes = entry.Value.GetProperty("max_bytes").GetInt64();
            var why = entry.Value.TryGetProperty("why", out var text) ? text.GetString() ?? "" : "";
            budgets.Add(new AllocationBudget(entry.Name, maxBytes, why));
        }
        return budgets;
    }
}
