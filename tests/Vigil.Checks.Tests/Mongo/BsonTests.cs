using Vigil.Checks.Protocols.Mongo;

namespace Vigil.Checks.Tests.Mongo;

public sealed class BsonTests
{
    // The two examples on bsonspec.org's FAQ, byte for byte.
    private static readonly byte[] HelloWorld =
    [
        0x16, 0x00, 0x00, 0x00,
        0x02, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0x00,
        0x06, 0x00, 0x00, 0x00, (byte)'w', (byte)'o', (byte)'r', (byte)'l', (byte)'d', 0x00,
        0x00,
    ];

    private static readonly byte[] AwesomeArray =
    [
        0x31, 0x00, 0x00, 0x00,
        0x04, (byte)'B', (byte)'S', (byte)'O', (byte)'N', 0x00,
        0x26, 0x00, 0x00, 0x00,
        0x02, (byte)'0', 0x00, 0x08, 0x00, 0x00, 0x00, (byte)'a', (byte)'w', (byte)'e', (byte)'s', (byte)'o', (byte)'m', (byte)'e', 0x00,
        0x01, (byte)'1', 0x00, 0x33, 0x33, 0x33, 0x33, 0x33, 0x33, 0x14, 0x40,
        0x10, (byte)'2', 0x00, 0xc2, 0x07, 0x00, 0x00,
        0x00,
        0x00,
    ];

    [Fact]
    public void Encode_SpecStringExample_MatchesBytes() =>
        Assert.Equal(HelloWorld, BsonWriter.Encode(new BsonDocument { { "hello", "world" } }));

    [Fact]
    public void Encode_SpecArrayExample_MatchesBytes() =>
        Assert.Equal(AwesomeArray, BsonWriter.Encode(new BsonDocument { { "BSON", new object?[] { "awesome", 5.05, 1986 } } }));

    [Fact]
    public void Encode_BinaryBoolNullInt64_MatchesHandComputedBytes()
    {
        byte[] expected =
        [
            0x21, 0x00, 0x00, 0x00,
            0x05, (byte)'b', 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02,
            0x08, (byte)'t', 0x00, 0x01,
            0x0A, (byte)'n', 0x00,
            0x12, (byte)'l', 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x00,
        ];

        var bytes = BsonWriter.Encode(new BsonDocument { { "b", BsonBinary.Generic([1, 2]) }, { "t", true }, { "n", null }, { "l", 1L } });

        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Encode_UnsupportedType_Throws() =>
        Assert.Throws<ArgumentException>(() => BsonWriter.Encode(new BsonDocument { { "d", 1.5m } }));

    [Fact]
    public void Decode_SpecArrayExample_GivesValuesInOrder()
    {
        var document = BsonReader.Decode(AwesomeArray);

        var array = Assert.IsAssignableFrom<IReadOnlyList<object?>>(document["BSON"]);
        Assert.Equal(["awesome", 5.05, 1986], array);
    }

    [Fact]
    public void Decode_OfEncode_RoundTripsEveryWritableType()
    {
        var original = new BsonDocument
        {
            { "double", -2.5 },
            { "string", "héllo" },
            { "document", new BsonDocument { { "inner", 7 } } },
            { "array", new object?[] { 1, "two", new BsonDocument() } },
            { "binary", new BsonBinary(4, [9, 8, 7]) },
            { "false", false },
            { "null", null },
            { "int32", int.MinValue },
            { "int64", long.MaxValue },
        };

        var copy = BsonReader.Decode(BsonWriter.Encode(original));

        Assert.Equal(original.Select(e => e.Key), copy.Select(e => e.Key));
        Assert.Equal(-2.5, copy["double"]);
        Assert.Equal("héllo", copy["string"]);
        Assert.Equal(7, Assert.IsType<BsonDocument>(copy["document"])["inner"]);
        var array = Assert.IsAssignableFrom<IReadOnlyList<object?>>(copy["array"]);
        Assert.Equal(3, array.Count);
        Assert.Equal("two", array[1]);
        var binary = Assert.IsType<BsonBinary>(copy["binary"]);
        Assert.Equal(4, binary.Subtype);
        Assert.Equal([9, 8, 7], binary.Data);
        Assert.Equal(false, copy["false"]);
        Assert.Null(copy["null"]);
        Assert.Equal(int.MinValue, copy["int32"]);
        Assert.Equal(long.MaxValue, copy["int64"]);
    }

    [Fact]
    public void Decode_ObjectIdAndDatetime_AreReadable()
    {
        byte[] bytes =
        [
            0x2A, 0x00, 0x00, 0x00,
            0x07, (byte)'i', 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
            0x09, (byte)'d', 0x00, 0xE8, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            0x11, (byte)'s', 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00,
            0x00,
        ];

        var document = BsonReader.Decode(bytes);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Assert.IsType<BsonOpaque>(document["i"]).Bytes);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1), document["d"]);
        Assert.Equal(0x11, Assert.IsType<BsonOpaque>(document["s"]).Type);
    }

    [Theory]
    [InlineData(new byte[] { 0x05, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x06, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x05, 0x00, 0x00, 0x00, 0x01 })]
    [InlineData(new byte[] { 0x0A, 0x00, 0x00, 0x00, 0x10, (byte)'a', 0x00, 0x01, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x0C, 0x00, 0x00, 0x00, 0x02, (byte)'a', 0x00, 0x09, 0x00, 0x00, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x08, 0x00, 0x00, 0x00, 0x0C, (byte)'a', 0x00, 0x00 })]
    [InlineData(new byte[] { 0x09, 0x00, 0x00, 0x00, 0x08, (byte)'a', 0x00, 0x02, 0x00 })]
    public void Decode_Malformed_ThrowsProtocolException(byte[] bytes) =>
        Assert.Throws<MongoProtocolException>(() => BsonReader.Decode(bytes));
}
