using System.Buffers.Binary;
using Vigil.Checks.Protocols.Mongo;

namespace Vigil.Checks.Tests.Mongo;

public sealed class OpMsgTests
{
    [Fact]
    public void Encode_Hello_MatchesHandComputedBytes()
    {
        byte[] expected =
        [
            // header: messageLength 52, requestID 7, responseTo 0, opCode 2013
            0x34, 0x00, 0x00, 0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xDD, 0x07, 0x00, 0x00,
            // flagBits 0, section kind 0
            0x00, 0x00, 0x00, 0x00, 0x00,
            // { hello: 1, $db: "admin" }
            0x1F, 0x00, 0x00, 0x00,
            0x10, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x00, 0x01, 0x00, 0x00, 0x00,
            0x02, (byte)'$', (byte)'d', (byte)'b', 0x00, 0x06, 0x00, 0x00, 0x00, (byte)'a', (byte)'d', (byte)'m', (byte)'i', (byte)'n', 0x00,
            0x00,
        ];

        var message = OpMsg.Encode(7, new BsonDocument { { "hello", 1 }, { "$db", "admin" } });

        Assert.Equal(expected, message);
    }

    [Fact]
    public void ReadReplyHeader_ReplyToOurRequest_ReturnsBodyLength() =>
        Assert.Equal(40, OpMsg.ReadReplyHeader(Header(56, responseTo: 9, OpMsg.OpCode), requestId: 9));

    [Theory]
    [InlineData(56, 8, OpMsg.OpCode, "expected 9")]
    [InlineData(56, 9, 1, "3.6")]
    [InlineData(56, 9, 2004, "not OP_MSG")]
    [InlineData(0x6c6c6568, 9, OpMsg.OpCode, "not a MongoDB message")]
    [InlineData(16, 9, OpMsg.OpCode, "not a MongoDB message")]
    public void ReadReplyHeader_NotOurOpMsgReply_Throws(int length, int responseTo, int opCode, string reason)
    {
        var error = Assert.Throws<MongoProtocolException>(() => OpMsg.ReadReplyHeader(Header(length, responseTo, opCode), requestId: 9));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeReplyBody_OneBodySection_ReturnsIt()
    {
        var body = DecodeReplyBody(flags: 0, [Section0(new BsonDocument { { "ok", 1.0 }, { "maxWireVersion", 21 } })]);

        Assert.Equal(1.0, body["ok"]);
        Assert.Equal(21, body["maxWireVersion"]);
    }

    [Fact]
    public void DecodeReplyBody_ChecksumAndDocumentSequence_AreSkipped()
    {
        byte[] sequence = [0x01, 0x09, 0x00, 0x00, 0x00, (byte)'d', (byte)'o', (byte)'c', (byte)'s', 0x00];
        byte[] checksum = [0xAA, 0xBB, 0xCC, 0xDD];

        var body = DecodeReplyBody(flags: 1, [sequence, Section0(new BsonDocument { { "ok", 1 } }), checksum]);

        Assert.Equal(1, body["ok"]);
    }

    [Theory]
    [InlineData(2u)]
    [InlineData(4u)]
    public void DecodeReplyBody_RequiredFlagNotUnderstood_Throws(uint flags) =>
        Assert.Throws<MongoProtocolException>(() => DecodeReplyBody(flags, [Section0(new BsonDocument { { "ok", 1 } })]));

    [Fact]
    public void DecodeReplyBody_OptionalFlag_IsIgnored() =>
        Assert.Equal(1, DecodeReplyBody(1u << 16, [Section0(new BsonDocument { { "ok", 1 } })])["ok"]);

    [Fact]
    public void DecodeReplyBody_NoBody_Throws() =>
        Assert.Throws<MongoProtocolException>(() => DecodeReplyBody(0, [[0x07]]));

    [Fact]
    public void DecodeReplyBody_TwoBodies_Throws()
    {
        var section = Section0(new BsonDocument { { "ok", 1 } });

        Assert.Throws<MongoProtocolException>(() => DecodeReplyBody(0, [section, section]));
    }

    private static byte[] Header(int length, int responseTo, int opCode)
    {
        var header = new byte[OpMsg.HeaderLength];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), 100);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12), opCode);
        return header;
    }

    private static byte[] Section0(BsonDocument document) => [0x00, .. BsonWriter.Encode(document)];

    private static BsonDocument DecodeReplyBody(uint flags, byte[][] parts)
    {
        var flagBytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(flagBytes, flags);
        return OpMsg.DecodeReplyBody([.. flagBytes, .. parts.SelectMany(part => part)]);
    }
}
