namespace Vigil.Core.Checks;

/// <summary>Which runs start first when the scheduler is saturated. Lower number = higher priority.</summary>
public enum CheckPriority : byte
{
    Critical = 0,
    High = 1,
    Normal = 2,
    Low = 3,
}

public static class CheckPriorityNames
{
    private static readonly string[] Names = ["critical", "high", "normal", "low"];

    public static string ToName(this CheckPriority priority) => Names[(int)priority];

    public static bool TryParse(string? text, out CheckPriority priority)
    {
        var index = Array.IndexOf(Names, text);
        priority = index < 0 ? default : (CheckPriority)index;
        return index >= 0;
    }
}
