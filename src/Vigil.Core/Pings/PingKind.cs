namespace Vigil.Core.Pings;

/// <summary>What a ping says about the job. Stored as its number, so never renumber.</summary>
public enum PingKind : byte
{
    Success = 0,
    Start = 1,
    Fail = 2,
    Log = 3,
}

public static class PingKindNames
{
    private static readonly string[] Names = ["success", "start", "fail", "log"];

    public static string ToName(this PingKind kind) => Names[(int)kind];

    public static bool TryParse(string? text, out PingKind kind)
    {
        var index = Array.IndexOf(Names, text);
        kind = index < 0 ? default : (PingKind)index;
        return index >= 0;
    }
}
