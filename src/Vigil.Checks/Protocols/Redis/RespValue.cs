namespace Vigil.Checks.Protocols.Redis;

/// <summary>The RESP2 reply kinds. A null bulk string and a null array both decode as <see cref="Null"/>.</summary>
public enum RespType : byte
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    Null,
}

/// <summary>One decoded RESP2 reply. Bulk strings are decoded as UTF-8 text: the checks only read text replies.</summary>
public sealed record RespValue(RespType Type, string? Text = null, long Integer = 0, IReadOnlyList<RespValue>? Items = null)
{
    public static readonly RespValue Null = new(RespType.Null);

    public override string ToString() => Type switch
    {
        RespType.Integer => Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
        RespType.Array => $"[{string.Join(", ", Items!)}]",
        RespType.Null => "(nil)",
        _ => Text!,
    };
}
