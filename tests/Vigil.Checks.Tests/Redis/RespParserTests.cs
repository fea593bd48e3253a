using System.Text;
using Vigil.Checks.Protocols.Redis;

namespace Vigil.Checks.Tests.Redis;

public sealed class RespParserTests
{
    [Theory]
    [InlineData("+OK\r\n", RespType.SimpleString, "OK")]
    [InlineData("-WRONGPASS invalid username-password pair\r\n", RespType.Error, "WRONGPASS invalid username-password pair")]
    [InlineData("$5\r\nhello\r\n", RespType.BulkString, "hello")]
    [InlineData("$0\r\n\r\n", RespType.BulkString, "")]
    [InlineData("$4\r\na\r\nb\r\n", RespType.BulkString, "a\r\nb")]
    public void TryParse_TextReplies_DecodeTypeAndText(string wire, RespType type, string text)
    {
        var value = ParseWhole(wire);

        Assert.Equal(type, value.Type);
        Assert.Equal(text, value.Text);
    }

    [Theory]
    [InlineData(":42\r\n", 42)]
    [InlineData(":-7\r\n", -7)]
    [InlineData(":0\r\n", 0)]
    public void TryParse_Integer_DecodesNumber(string wire, long number)
    {
        var value = ParseWhole(wire);

        Assert.Equal(RespType.Integer, value.Type);
        Assert.Equal(number, value.Integer);
    }

    [Theory]
    [InlineData("$-1\r\n")]
    [InlineData("*-1\r\n")]
    public void TryParse_NullBulkOrArray_IsNull(string wire) => Assert.Equal(RespType.Null, ParseWhole(wire).Type);

    [Fact]
    public void TryParse_NestedArray_DecodesItemsInOrder()
    {
        var value = ParseWhole("*3\r\n$3\r\nfoo\r\n:1\r\n*2\r\n+a\r\n$-1\r\n");

        Assert.Equal(RespType.Array, value.Type);
        Assert.Equal("[foo, 1, [a, (nil)]]", value.ToString());
    }

    [Fact]
    public void TryParse_EmptyArray_HasNoItems() => Assert.Empty(ParseWhole("*0\r\n").Items!);

    [Theory]
    [InlineData("+PONG\r\n")]
    [InlineData("$11\r\nrole:master\r\n")]
    [InlineData("*2\r\n$3\r\nfoo\r\n*1\r\n:12345\r\n")]
    public void TryParse_BytesArrivingOneAtATime_WaitsUntilTheLastByte(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);

        for (var length = 0; length < bytes.Length; length++)
            Assert.False(RespParser.TryParse(bytes.AsSpan(0, length), out _, out _), $"complete after {length} of {bytes.Length} bytes");
        Assert.True(RespParser.TryParse(bytes, out _, out var consumed));
        Assert.Equal(bytes.Length, consumed);
    }

    [Fact]
    public void TryParse_TwoRepliesInOneRead_ConsumesOnlyTheFirst()
    {
        var bytes = "+OK\r\n:5\r\n"u8.ToArray();

        Assert.True(RespParser.TryParse(bytes, out var first, out var consumed));
        Assert.True(RespParser.TryParse(bytes.AsSpan(consumed), out var second, out _));

        Assert.Equal(5, consumed);
        Assert.Equal("OK", first.Text);
        Assert.Equal(5, second.Integer);
    }

    [Theory]
    [InlineData("HTTP/1.1 400 Bad Request\r\n")]
    [InlineData("+OK\n")]
    [InlineData("\r\n")]
    [InlineData(":12a\r\n")]
    [InlineData("$3\r\nabcd\r\n")]
    [InlineData("$-2\r\n")]
    [InlineData("*99999999999\r\n")]
    public void TryParse_Garbage_Throws(string wire) =>
        Assert.Throws<RedisProtocolException>(() => RespParser.TryParse(Encoding.UTF8.GetBytes(wire), out _, out _));

    [Fact]
    public void EncodeCommand_WritesArrayOfBulkStringsWithByteLengths()
    {
        var bytes = RespWriter.EncodeCommand("SET", "k", "vé");

        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nvé\r\n", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void EncodeCommand_EmptyArgument_IsZeroLengthBulkString() =>
        Assert.Equal("*2\r\n$4\r\nAUTH\r\n$0\r\n\r\n", Encoding.UTF8.GetString(RespWriter.EncodeCommand("AUTH", "")));

    private static RespValue ParseWhole(string wire)
    {
        var bytes = Encoding.UTF8.GetBytes(wire);
        Assert.True(RespParser.TryParse(bytes, out var value, out var consumed));
        Assert.Equal(bytes.Length, consumed);
        return value;
    }
}
