namespace Vigil.Checks.Protocols.Redis;

/// <summary>An error reply (<c>-PREFIX message</c>). <see cref="Prefix"/> is the error code Redis puts first: ERR, WRONGPASS, NOAUTH, …</summary>
public sealed class RedisServerException : Exception
{
    public RedisServerException(string errorLine, bool fromAuth = false)
        : base(errorLine)
    {
        var space = errorLine.IndexOf(' ', StringComparison.Ordinal);
        Prefix = space < 0 ? errorLine : errorLine[..space];
        // Redis before 6 answered a bad AUTH with a plain ERR ("invalid password"), so the command matters as much as the prefix.
        IsAuthFailure = fromAuth || Prefix is "WRONGPASS" or "NOAUTH" or "NOPERM";
    }

    public string Prefix { get; }

    /// <summary>The credentials were refused, missing, or lack permission for the check's commands.</summary>
    public bool IsAuthFailure { get; }
}
