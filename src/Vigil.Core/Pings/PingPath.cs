namespace Vigil.Core.Pings;

/// <summary>
/// Parses the part of a ping URL after <c>/ping/</c>, healthchecks.io style:
/// <c>{uuid}[/start|/fail|/log|/{0-255}]</c> or <c>{ping-key}/{slug}[/start|/fail|/log|/{0-255}]</c>.
/// </summary>
public readonly record struct PingPath(Guid Id, string? PingKey, string? Slug, PingKind Kind, short ExitStatus, PingPathError Error, string? Detail)
{
    public bool IsValid => Error == PingPathError.None;

    public static PingPath Parse(ReadOnlySpan<char> path)
    {
        if (path.EndsWith("/"))
            path = path[..^1];
        Span<Range> parts = stackalloc Range[4];
        var count = path.Split(parts, '/');
        if (count is 0 or > 3)
            return Fail(PingPathError.NotFound, "no such ping URL");

        var first = path[parts[0]];
        if (Guid.TryParse(first, out var id))
        {
            if (count == 1)
                return new(id, null, null, PingKind.Success, -1, PingPathError.None, null);
            if (count == 3)
                return Fail(PingPathError.NotFound, "no such ping URL");
            return WithSuffix(id, null, null, path[parts[1]]);
        }
        if (count == 1 || first.IsEmpty)
            return Fail(PingPathError.NotFound, "no such ping URL");

        var key = first.ToString();
        var slug = path[parts[1]];
        if (slug.IsEmpty)
            return Fail(PingPathError.NotFound, "no such ping URL");
        return count == 2
            ? new(Guid.Empty, key, slug.ToString(), PingKind.Success, -1, PingPathError.None, null)
            : WithSuffix(Guid.Empty, key, slug.ToString(), path[parts[2]]);
    }

    private static PingPath WithSuffix(Guid id, string? key, string? slug, ReadOnlySpan<char> suffix)
    {
        switch (suffix)
        {
            case "start": return new(id, key, slug, PingKind.Start, -1, PingPathError.None, null);
            case "fail": return new(id, key, slug, PingKind.Fail, -1, PingPathError.None, null);
            case "log": return new(id, key, slug, PingKind.Log, -1, PingPathError.None, null);
        }
        if (suffix.Length is > 0 and <= 3 && int.TryParse(suffix, System.Globalization.NumberStyles.None, null, out var status) && status <= 255)
            return new(id, key, slug, status == 0 ? PingKind.Success : PingKind.Fail, (short)status, PingPathError.None, null);
        var shown = suffix.Length > 40 ? string.Concat(suffix[..40], "…") : suffix.ToString();
        return Fail(PingPathError.InvalidExitStatus, $"invalid exit status '{shown}': expected 0-255, start, fail or log");
    }

    private static PingPath Fail(PingPathError error, string detail) => new(Guid.Empty, null, null, default, -1, error, detail);
}

public enum PingPathError : byte
{
    None,
    NotFound,
    InvalidExitStatus,
}
