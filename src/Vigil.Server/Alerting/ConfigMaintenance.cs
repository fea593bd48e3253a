using System.Text.Json;

namespace Vigil.Server.Alerting;

/// <summary>
/// Windows as code: each window declared in the file is created, or replaces the stored window of the same name, at
/// start. Windows created through the API are left alone, and removing a window from the file does not delete it.
/// </summary>
public static class ConfigMaintenance
{
    public static async Task ApplyAsync(IReadOnlyList<JsonElement> declared, MaintenanceService service)
    {
        for (var i = 0; i < declared.Count; i++)
        {
            if (await service.ApplyDeclaredAsync(declared[i], $"maintenance[{i}].") is { } problem)
                throw new InvalidOperationException($"config maintenance window could not be applied: {problem.Detail}");
        }
    }
}
