namespace Vigil.Core.Checks;

/// <summary>Why a check run failed. Stored as its number, so never renumber.</summary>
public enum CheckError : byte
{
    None = 0,
    Dns = 1,
    Connect = 2,
    Tls = 3,
    Timeout = 4,
    HttpStatus = 5,
    Assertion = 6,
    Auth = 7,
    Protocol = 8,
    /// <summary>Vigil's own pool had no connection free in time: says nothing about the target, so it never moves the status.</summary>
    PoolExhausted = 9,
}

public static class CheckErrorNames
{
    private static readonly string[] Names = ["none", "dns", "connect", "tls", "timeout", "http_status", "assertion", "auth", "protocol", "pool_exhausted"];

    public static string ToName(this CheckError error) => Names[(int)error];

    public static bool TryParse(string? text, out CheckError error)
    {
        var index = Array.IndexOf(Names, text);
        error = index < 0 ? default : (CheckError)index;
        return index >= 0;
    }
}
