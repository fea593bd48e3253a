using System.Buffers.Binary;
using System.Text;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>Reads the protocol's basic types from one packet payload. Reading past the end is a malformed packet.</summary>
internal ref struct PayloadReader(ReadOnlySpan<byte> payload)
{
    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly int Remaining => _payload.Length - _position;

    public readonly bool AtEnd => _position >= _payload.Length;

    public readonly byte PeekByte() => Remaining >= 1 ? _payload[_position] : throw Truncated();

    public byte ReadByte() => ReadBytes(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(ReadBytes(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(ReadBytes(4));

    public ReadOnlySpan<byte> ReadBytes(int count)
    {
        if (count < 0 || count > Remaining)
            throw Truncated();
        var bytes = _payload.Slice(_position, count);
        _position += count;
        return bytes;
    }

    public ReadOnlySpan<byte> ReadRest() => ReadBytes(Remaining);

    public void Skip(int count) => ReadBytes(count);

    /// <summary>A length-encoded integer: one byte below 0xFB, else 0xFC/0xFD/0xFE followed by 2, 3 or 8 bytes.
    /// 0xFB means NULL and is handled by the callers that allow it.</summary>
    public ulong ReadLengthEncodedInteger()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => BinaryPrimitives.ReadUInt64LittleEndian(ReadBytes(8)),
            _ => throw new MySqlProtocolException($"invalid length-encoded integer prefix 0x{first:X2}"),
        };
    }

    /// <summary>A length-encoded string, or null for the 0xFB marker that result rows use for NULL.</summary>
    public string? ReadLengthEncodedStringOrNull()
    {
        if (PeekByte() == 0xFB)
        {
            _position++;
            return null;
        }
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
            throw Truncated();
        return Encoding.UTF8.GetString(ReadBytes((int)length));
    }

    public void SkipLengthEncodedString()
    {
        var length = ReadLengthEncodedInteger();
        if (length > (ulong)Remaining)
            throw Truncated();
        Skip((int)length);
    }

    /// <summary>Bytes up to a NUL, which is consumed. Some servers end the last field at the packet's end without a NUL.</summary>
    public ReadOnlySpan<byte> ReadNullTerminatedBytes()
    {
        var rest = _payload[_position..];
        var end = rest.IndexOf((byte)0);
        if (end < 0)
        {
            _position = _payload.Length;
            return rest;
        }
        _position += end + 1;
        return rest[..end];
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminatedBytes());

    private uint ReadUInt24()
    {
        var bytes = ReadBytes(3);
        return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16);
    }

    private static MySqlProtocolException Truncated() => new("packet ends before its fields do");
}
