using System.Buffers.Text;
using System.Text;

namespace Vigil.Checks.Protocols.Redis;

/// <summary>
/// Decodes one RESP2 reply from the front of a buffer. Stateless: when the buffer holds only part of a reply it
/// answers false and the caller reads more and tries again from the start, which is cheap for the small replies
/// the checks read (PING, INFO).
/// </summary>
public static class RespParser
{
    /// <summary>Bulk strings and arrays larger than this are refused rather than buffered.</summary>
    public const int MaxLength = 4 * 1024 * 1024;

    private const int MaxDepth = 16;

    /// <summary>Decodes the reply at the front of <paramref name="data"/>; false when it is not complete yet.</summary>
    /// <exception cref="RedisProtocolException">The bytes are not RESP2.</exception>
    public static bool TryParse(ReadOnlySpan<byte> data, out RespValue value, out int consumed)
    {
        consumed = 0;
        return TryParse(data, 0, out value, ref consumed);
    }

    private static bool TryParse(ReadOnlySpan<byte> data, int depth, out RespValue value, ref int position)
    {
        value = RespValue.Null;
        if (!TryReadLine(data, position, out var line, out var next))
            return false;
        if (line.IsEmpty)
            throw new RedisProtocolException("empty reply line");
        var payload = line[1..];
        switch (line[0])
        {
            case (byte)'+':
                value = new RespValue(RespType.SimpleString, Encoding.UTF8.GetString(payload));
                break;
            case (byte)'-':
                value = new RespValue(RespType.Error, Encoding.UTF8.GetString(payload));
                break;
            case (byte)':':
                value = new RespValue(RespType.Integer, Integer: ParseInteger(payload));
                break;
            case (byte)'$':
                {
                    var length = ParseLength(payload);
                    if (length < 0)
                        break;
                    if (data.Length - next < length + 2)
                        return false;
                    if (data[next + length] != '\r' || data[next + length + 1] != '\n')
                        throw new RedisProtocolException("bulk string not followed by CRLF");
                    value = new RespValue(RespType.BulkString, Encoding.UTF8.GetString(data.Slice(next, length)));
                    next += length + 2;
                    break;
                }
            case (byte)'*':
                {
                    var count = ParseLength(payload);
                    if (count < 0)
                        break;
                    if (depth == MaxDepth)
                        throw new RedisProtocolException("arrays nested too deep");
                    var items = new RespValue[count];
                    for (var i = 0; i < count; i++)
                    {
                        if (!TryParse(data, depth + 1, out items[i], ref next))
                            return false;
                    }
                    value = new RespValue(RespType.Array, Items: items);
                    break;
                }
            default:
                throw new RedisProtocolException($"unexpected reply type byte 0x{line[0]:x2}");
        }
        position = next;
        return true;
    }

    private static bool TryReadLine(ReadOnlySpan<byte> data, int start, out ReadOnlySpan<byte> line, out int next)
    {
        var rest = data[start..];
        var newline = rest.IndexOf((byte)'\n');
        if (newline < 0)
        {
            if (rest.Length > MaxLength)
                throw new RedisProtocolException("reply line too long");
            line = default;
            next = start;
            return false;
        }
        if (newline == 0 || rest[newline - 1] != '\r')
            throw new RedisProtocolException("reply line not ended by CRLF");
        line = rest[..(newline - 1)];
        next = start + newline + 1;
        return true;
    }

    private static long ParseInteger(ReadOnlySpan<byte> text) =>
        Utf8Parser.TryParse(text, out long number, out var used) && used == text.Length
            ? number
            : throw new RedisProtocolException("malformed integer");

    private static int ParseLength(ReadOnlySpan<byte> text)
    {
        var length = ParseInteger(text);
        return length is >= -1 and <= MaxLength ? (int)length : throw new RedisProtocolException($"length {length} out of range");
    }
}
