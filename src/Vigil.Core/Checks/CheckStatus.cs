namespace Vigil.Core.Checks;

/// <summary>The verdict of one check run. Stored as its number, so never renumber.</summary>
public enum CheckStatus : byte
{
    Up = 0,
    Down = 1,
    /// <summary>Succeeded, but slower than the monitor's degraded threshold.</summary>
    Degraded = 2,
}

public static class CheckStatusNames
{
    private static readonly string[] Names = ["up", "down", "degraded"];

    public static string ToName(this CheckStatus status) => Names[(int)status];
}
