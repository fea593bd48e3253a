using System.Buffers.Binary;
using System.Text;

namespace Vigil.Checks.Tests.Dns;

/// <summary>Writes DNS messages byte by byte, so tests can build replies with pointers and faults no server would send.</summary>
internal sealed class DnsReplyBuilder
{
    private readonly List<byte> _bytes = [];

    public int Position => _bytes.Count;

    public DnsReplyBuilder Header(ushort id, ushort flags, ushort questions, ushort answers) =>
        UInt16(id).UInt16(flags).UInt16(questions).UInt16(answers).UInt16(0).UInt16(0);

    /// <summary>Labels, then the closing zero unless <paramref name="pointerTo"/> ends the name with a compression pointer.</summary>
    public DnsReplyBuilder Name(string dotted, int? pointerTo = null)
    {
        foreach (var label in dotted.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            _bytes.Add((byte)label.Length);
            _bytes.AddRange(Encoding.ASCII.GetBytes(label));
        }
        return pointerTo is { } target ? Pointer(target) : Byte(0);
    }

    public DnsReplyBuilder Pointer(int target) => UInt16((ushort)(0xC000 | target));

    public DnsReplyBuilder Question(string name, ushort type) => Name(name).UInt16(type).UInt16(1);

    /// <summary>A record's fixed fields after its name; <paramref name="data"/> writes the RDATA, whose length is filled in.</summary>
    public DnsReplyBuilder Record(ushort type, uint ttl, Action<DnsReplyBuilder> data)
    {
        UInt16(type).UInt16(1).UInt32(ttl);
        var lengthAt = Position;
        UInt16(0);
        data(this);
        var length = (ushort)(Position - lengthAt - 2);
        _bytes[lengthAt] = (byte)(length >> 8);
        _bytes[lengthAt + 1] = (byte)length;
        return this;
    }

    public DnsReplyBuilder Text(string text)
    {
        _bytes.Add((byte)text.Length);
        _bytes.AddRange(Encoding.UTF8.GetBytes(text));
        return this;
    }

    public DnsReplyBuilder Byte(byte value)
    {
        _bytes.Add(value);
        return this;
    }

    public DnsReplyBuilder Bytes(params byte[] values)
    {
        _bytes.AddRange(values);
        return this;
    }

    public DnsReplyBuilder UInt16(ushort value)
    {
        Span<byte> buffer = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public DnsReplyBuilder UInt32(uint value)
    {
        Span<byte> buffer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, value);
        _bytes.AddRange(buffer);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
