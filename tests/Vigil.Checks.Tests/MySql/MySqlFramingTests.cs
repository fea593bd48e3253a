using Vigil.Checks.Protocols.MySql;

namespace Vigil.Checks.Tests.MySql;

public sealed class MySqlFramingTests
{
    [Theory]
    [InlineData(0UL, "00")]
    [InlineData(250UL, "FA")]
    [InlineData(251UL, "FCFB00")]
    [InlineData(0xFFFFUL, "FCFFFF")]
    [InlineData(0x10000UL, "FD000001")]
    [InlineData(0xFFFFFFUL, "FDFFFFFF")]
    [InlineData(0x1000000UL, "FE0000000100000000")]
    [InlineData(ulong.MaxValue, "FEFFFFFFFFFFFFFFFF")]
    public void LengthEncodedInteger_WritesAndReadsTheProtocolBytes(ulong value, string hex)
    {
        var written = new PayloadWriter().WriteLengthEncodedInteger(value).Written.ToArray();

        Assert.Equal(hex, Convert.ToHexString(written));
        var reader = new PayloadReader(written);
        Assert.Equal(value, reader.ReadLengthEncodedInteger());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void LengthEncodedString_ReadsTextAndNull()
    {
        byte[] payload = [0x03, (byte)'a', (byte)'b', (byte)'c', 0xFB, 0x00];
        var reader = new PayloadReader(payload);

        Assert.Equal("abc", reader.ReadLengthEncodedStringOrNull());
        Assert.Null(reader.ReadLengthEncodedStringOrNull());
        Assert.Equal("", reader.ReadLengthEncodedStringOrNull());
        Assert.True(reader.AtEnd);
    }

    [Fact]
    public void LengthEncodedString_LongerThanThePacket_IsAProtocolError()
    {
        byte[] payload = [0x05, (byte)'a'];

        Assert.Throws<MySqlProtocolException>(() => new PayloadReader(payload).ReadLengthEncodedStringOrNull());
    }

    [Fact]
    public async Task PacketStream_WritesLengthAndSequenceHeaders()
    {
        using var wire = new MemoryStream();
        var packets = new MySqlPacketStream(wire);

        await packets.WritePacketAsync(new byte[] { 0x0E }, default);
        await packets.WritePacketAsync(new byte[300], default);
        packets.ResetSequence();
        await packets.WritePacketAsync(new byte[] { 0x01 }, default);

        var bytes = wire.ToArray();
        Assert.Equal("010000000E", Convert.ToHexString(bytes[..5]));
        Assert.Equal("2C010001", Convert.ToHexString(bytes[5..9]));
        Assert.Equal("0100000001", Convert.ToHexString(bytes[309..]));
    }

    [Fact]
    public async Task PacketStream_ReadsPacketsInSequence()
    {
        var packets = new MySqlPacketStream(new MemoryStream(Convert.FromHexString("0300000061626300000001" + "020000024142")));

        Assert.Equal("abc"u8.ToArray(), (await packets.ReadPacketAsync(default)).ToArray());
        Assert.Empty((await packets.ReadPacketAsync(default)).ToArray());
        Assert.Equal("AB"u8.ToArray(), (await packets.ReadPacketAsync(default)).ToArray());
    }

    [Fact]
    public async Task PacketStream_OutOfOrderSequence_IsAProtocolError()
    {
        var packets = new MySqlPacketStream(new MemoryStream(Convert.FromHexString("0100000561")));

        await Assert.ThrowsAsync<MySqlProtocolException>(async () => await packets.ReadPacketAsync(default));
    }

    [Fact]
    public async Task PacketStream_ConnectionClosedMidPacket_IsEndOfStream()
    {
        var packets = new MySqlPacketStream(new MemoryStream(Convert.FromHexString("0500000061")));

        await Assert.ThrowsAsync<EndOfStreamException>(async () => await packets.ReadPacketAsync(default));
    }

    [Fact]
    public void ErrPacket_ReadsCodeStateAndMessage()
    {
        var payload = Convert.FromHexString("FF1504" + Convert.ToHexString("#28000Access denied"u8));

        var error = ServerPackets.ReadError(payload);

        Assert.Equal(1045, error.ErrorCode);
        Assert.Equal("28000", error.SqlState);
        Assert.Equal("Access denied", error.ServerMessage);
        Assert.True(error.IsAuthenticationFailure);
    }

    [Fact]
    public void ErrPacket_BeforeHandshake_HasNoStateMarker()
    {
        var payload = Convert.FromHexString("FF1004" + Convert.ToHexString("Too many connections"u8));

        var error = Assert.Throws<MySqlServerException>(() => InitialHandshake.Parse(payload));

        Assert.Equal(1040, error.ErrorCode);
        Assert.Equal("HY000", error.SqlState);
        Assert.False(error.IsAuthenticationFailure);
    }
}
