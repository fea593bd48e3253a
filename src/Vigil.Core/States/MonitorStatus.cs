namespace Vigil.Core.States;

/// <summary>Where a monitor stands. Stored as its number, so never renumber.</summary>
public enum MonitorStatus : byte
{
    New = 0,
    Up = 1,
    Late = 2,
    Down = 3,
    Paused = 4,
    /// <summary>An active check that succeeds, but slower than its degraded threshold.</summary>
    Degraded = 5,
}

public static class MonitorStatusNames
{
    private static readonly string[] Names = ["new", "up", "late", "down", "paused", "degraded"];

    public static string ToName(this MonitorStatus status) => Names[(int)status];

    public static bool TryParse(string? text, out MonitorStatus status)
    {
        var index = Array.IndexOf(Names, text);
        status = index < 0 ? default : (MonitorStatus)index;
        return index >= 0;
    }
}
