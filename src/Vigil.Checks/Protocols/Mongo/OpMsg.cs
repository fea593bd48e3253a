using System.Buffers.Binary;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>
/// OP_MSG framing (MongoDB 3.6 and later): a 16-byte header (length, requestID, responseTo, opCode 2013), flag bits,
/// then sections. Commands go out as one kind-0 section holding the command document. OP_REPLY, the reply format of
/// servers before 3.6, is refused rather than parsed.
/// </summary>
public static class OpMsg
{
    public const int OpCode = 2013;
    public const int HeaderLength = 16;

    /// <summary>MongoDB's own limit (maxMessageSizeBytes); a header claiming more is not a MongoDB reply.</summary>
    public const int MaxMessageLength = 48_000_000;

    private const int LegacyReplyOpCode = 1;
    private const uint ChecksumPresent = 1;
    private const uint MoreToCome = 2;
    // Bits 0-15 must be understood by whoever reads the message; 16 and up may be ignored.
    private const uint RequiredBits = 0xFFFF;

    /// <summary>The whole message: header, zero flag bits, one kind-0 section with <paramref name="command"/>.</summary>
    public static byte[] Encode(int requestId, BsonDocument command)
    {
        var body = BsonWriter.Encode(command);
        var message = new byte[HeaderLength + 4 + 1 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), requestId);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), 0);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), OpCode);
        // Flag bits (offset 16) stay zero; the section kind at offset 20 is 0 too.
        body.CopyTo(message.AsSpan(HeaderLength + 5));
        return message;
    }

    /// <summary>Checks a reply's header against the request it answers; returns how many bytes follow the header.</summary>
    public static int ReadReplyHeader(ReadOnlySpan<byte> header, int requestId)
    {
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        var responseTo = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
        var opCode = BinaryPrimitives.ReadInt32LittleEndian(header[12..]);
        if (length is < HeaderLength + 5 or > MaxMessageLength)
            throw new MongoProtocolException($"reply length {length} is not a MongoDB message");
        if (opCode == LegacyReplyOpCode)
            throw new MongoProtocolException("the server answered with OP_REPLY; MongoDB before 3.6 is not supported");
        if (opCode != OpCode)
            throw new MongoProtocolException($"reply opcode {opCode} is not OP_MSG");
        if (responseTo != requestId)
            throw new MongoProtocolException($"reply to request {responseTo}, expected {requestId}");
        return length - HeaderLength;
    }

    /// <summary>Decodes what follows the header: the body document of the one kind-0 section. Kind-1 sections (document sequences) are skipped.</summary>
    public static BsonDocument DecodeReplyBody(ReadOnlySpan<byte> message)
    {
        var flags = BinaryPrimitives.ReadUInt32LittleEndian(message);
        if ((flags & RequiredBits & ~ChecksumPresent) != 0)
            throw new MongoProtocolException((flags & MoreToCome) != 0 ? "reply sets moreToCome, which no command here asks for" : $"reply flag bits 0x{flags:x} not understood");
        var checksumLength = (flags & ChecksumPresent) != 0 ? 4 : 0;
        if (message.Length < 5 + checksumLength)
            throw new MongoProtocolException("reply too short for its sections");
        // The CRC-32C is not verified: TCP already checks the bytes, and a mismatch would say nothing about the server's health.
        var sections = message[4..^checksumLength];

        BsonDocument? body = null;
        while (!sections.IsEmpty)
        {
            var kind = sections[0];
            sections = sections[1..];
            switch (kind)
            {
                case 0 when body is null:
                    body = BsonReader.Decode(sections, out var used);
                    sections = sections[used..];
                    break;
                case 1:
                    var size = sections.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(sections) : -1;
                    if (size < 4 || size > sections.Length)
                        throw new MongoProtocolException($"document sequence size {size} does not fit the reply");
                    sections = sections[size..];
                    break;
                default:
                    throw new MongoProtocolException(kind == 0 ? "reply has two body sections" : $"unknown section kind {kind}");
            }
        }
        return body ?? throw new MongoProtocolException("reply has no body section");
    }
}
