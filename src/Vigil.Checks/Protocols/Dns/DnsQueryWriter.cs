using System.Buffers.Binary;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>Encodes a standard query: one question, recursion desired, no EDNS (RFC 1035 4.1).</summary>
internal static class DnsQueryWriter
{
    public const int HeaderLength = 12;
    private const ushort RecursionDesired = 0x0100;
    private const ushort ClassIn = 1;

    public static byte[] Write(ushort id, DnsQuestion question)
    {
        var message = new byte[HeaderLength + DnsName.WireLength(question.Name) + 4];
        var span = message.AsSpan();
        BinaryPrimitives.WriteUInt16BigEndian(span, id);
        BinaryPrimitives.WriteUInt16BigEndian(span[2..], RecursionDesired);
        BinaryPrimitives.WriteUInt16BigEndian(span[4..], 1); // QDCOUNT; AN, NS and AR counts stay zero
        var position = HeaderLength + DnsName.Write(question.Name, span[HeaderLength..]);
        BinaryPrimitives.WriteUInt16BigEndian(span[position..], (ushort)question.Type);
        BinaryPrimitives.WriteUInt16BigEndian(span[(position + 2)..], ClassIn);
        return message;
    }
}
