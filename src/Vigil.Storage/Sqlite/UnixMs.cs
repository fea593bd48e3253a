namespace Vigil.Storage.Sqlite;

/// <summary>Times are stored as Unix milliseconds, UTC.</summary>
internal static class UnixMs
{
    public static long From(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    public static object From(DateTimeOffset? at) => at is { } v ? v.ToUnixTimeMilliseconds() : DBNull.Value;

    public static DateTimeOffset To(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? ToNullable(object value) => value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
