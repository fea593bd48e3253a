using System.Net;
using Vigil.Checks.Protocols.Dns;

namespace Vigil.Checks.Tests.Dns;

public sealed class DnsMessageTests
{
    private const ushort Id = 0xBEEF;
    private const ushort ReplyFlags = 0x8180;
    private static readonly DnsQuestion WwwA = new("www.vigil.test", DnsRecordType.A);

    [Fact]
    public void Write_Query_HasIdRecursionDesiredAndOneQuestion()
    {
        var query = DnsQueryWriter.Write(Id, new DnsQuestion("app.vigil.test", DnsRecordType.MX));

        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            3, (byte)'a', (byte)'p', (byte)'p', 5, (byte)'v', (byte)'i', (byte)'g', (byte)'i', (byte)'l', 4, (byte)'t', (byte)'e', (byte)'s', (byte)'t', 0,
            0, 15, 0, 1,
        ];
        Assert.Equal(expected, query);
    }

    [Theory]
    [InlineData("app.vigil.test.", "app.vigil.test")]
    [InlineData(" _dmarc.vigil.test ", "_dmarc.vigil.test")]
    [InlineData("bücher.example", "xn--bcher-kva.example")]
    public void Normalize_AcceptedName_IsAsciiWithoutTrailingDot(string name, string expected) =>
        Assert.Equal(expected, DnsName.Normalize(name));

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("a..b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.test")]
    public void Normalize_InvalidName_Throws(string name) =>
        Assert.ThrowsAny<ArgumentException>(() => DnsName.Normalize(name));

    [Fact]
    public void Normalize_NameOver255Bytes_Throws() =>
        Assert.Throws<ArgumentException>(() => DnsName.Normalize(string.Join('.', Enumerable.Repeat(new string('a', 63), 4))));

    [Fact]
    public void Parse_CompressedNames_FollowsPointersInOwnersAndData()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 7);
        var www = reply.Position;
        reply.Question("www.vigil.test", 1);
        var vigilTest = www + 4;
        var app = 0;
        reply.Pointer(www).Record(5, 300, data => { app = data.Position; data.Name("app", pointerTo: vigilTest); });
        reply.Pointer(app).Record(1, 60, data => data.Bytes(127, 0, 0, 10));
        reply.Pointer(vigilTest).Record(15, 3600, data => data.UInt16(10).Name("mail", pointerTo: vigilTest));
        reply.Pointer(vigilTest).Record(16, 30, data => data.Text("part one").Text("part two"));
        reply.Pointer(app).Record(28, 60, data => data.Bytes([.. new byte[15], 0x10]));
        reply.Pointer(vigilTest).Record(99, 60, data => data.Text("an SPF record, a type Vigil skips"));
        reply.Pointer(vigilTest).Record(2, 60, data => data.Name("ns1", pointerTo: vigilTest));

        var response = DnsResponseParser.Parse(reply.ToArray(), Id, WwwA);

        Assert.Equal(DnsResponseCode.NoError, response.ResponseCode);
        Assert.False(response.Truncated);
        Assert.Collection(
            response.Answers,
            cname => Assert.Equal(("www.vigil.test", DnsRecordType.CNAME, "app.vigil.test", 300.0), (cname.Name, cname.Type, cname.Host, cname.Ttl.TotalSeconds)),
            a => Assert.Equal(("app.vigil.test", IPAddress.Parse("127.0.0.10"), 60.0), (a.Name, a.Address, a.Ttl.TotalSeconds)),
            mx => Assert.Equal(("vigil.test", (ushort)10, "mail.vigil.test", "10 mail.vigil.test"), (mx.Name, mx.Preference, mx.Host, mx.Value)),
            txt => Assert.Equal(["part one", "part two"], txt.Texts),
            aaaa => Assert.Equal(IPAddress.Parse("::10"), aaaa.Address),
            ns => Assert.Equal((DnsRecordType.NS, "ns1.vigil.test"), (ns.Type, ns.Host)));
    }

    [Fact]
    public void Parse_PointerToItself_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        reply.Pointer(reply.Position).Record(1, 60, data => data.Bytes(127, 0, 0, 1));

        var error = Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
        Assert.Contains("does not point backwards", error.Message);
    }

    [Fact]
    public void Parse_PointerForward_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        reply.Pointer(reply.Position + 2).Name("www.vigil.test").Record(1, 60, data => data.Bytes(127, 0, 0, 1));

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
    }

    [Fact]
    public void Parse_LoopBackOverALabel_IsRejected()
    {
        // A label followed by a pointer back to that label: each pointer points backwards, yet the name never ends.
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        var loop = reply.Position;
        reply.Name("loop", pointerTo: loop).Record(1, 60, data => data.Bytes(127, 0, 0, 1));

        var error = Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
        Assert.Contains("longer than 255 bytes", error.Message);
    }

    [Fact]
    public void Parse_AnyTruncationOfAReply_ThrowsProtocolExceptionOnly()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 2).Question("www.vigil.test", 1);
        reply.Pointer(12).Record(5, 300, data => data.Name("app", pointerTo: 16));
        reply.Pointer(12).Record(16, 300, data => data.Text("v=spf1 -all"));
        var whole = reply.ToArray();
        Assert.Equal(2, DnsResponseParser.Parse(whole, Id, WwwA).Answers.Count);

        for (var length = 0; length < whole.Length; length++)
            Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(whole.AsSpan(0, length), Id, WwwA));
    }

    [Fact]
    public void Parse_OtherId_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id + 1, ReplyFlags, 1, 0).Question("www.vigil.test", 1).ToArray();

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply, Id, WwwA));
    }

    [Theory]
    [InlineData("app.vigil.test", 1)]
    [InlineData("www.vigil.test", 28)]
    public void Parse_AnswerToAnotherQuestion_IsRejected(string name, ushort type)
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 0).Question(name, type).ToArray();

        var error = Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply, Id, WwwA));
        Assert.Contains("not www.vigil.test", error.Message);
    }

    [Fact]
    public void Parse_QuestionInOtherCase_IsAccepted()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 0).Question("WWW.Vigil.TEST", 1).ToArray();

        Assert.Empty(DnsResponseParser.Parse(reply, Id, WwwA).Answers);
    }

    [Fact]
    public void Parse_Query_IsRejected()
    {
        var query = DnsQueryWriter.Write(Id, WwwA);

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(query, Id, WwwA));
    }

    [Fact]
    public void Parse_TruncatedFlag_ReturnsNoAnswers()
    {
        // The answer count promises more than the datagram holds, as in a real truncated reply.
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags | 0x0200, 1, 30).Question("www.vigil.test", 1).Pointer(12).ToArray();

        var response = DnsResponseParser.Parse(reply, Id, WwwA);

        Assert.True(response.Truncated);
        Assert.Empty(response.Answers);
    }

    [Theory]
    [InlineData(2, "SERVFAIL")]
    [InlineData(3, "NXDOMAIN")]
    [InlineData(5, "REFUSED")]
    [InlineData(9, "RCODE 9")]
    public void Parse_ErrorWithoutQuestion_ReportsTheCode(ushort rcode, string name)
    {
        var reply = new DnsReplyBuilder().Header(Id, (ushort)(ReplyFlags | rcode), 0, 0).ToArray();

        var code = DnsResponseParser.Parse(reply, Id, WwwA).ResponseCode;

        Assert.Equal(((DnsResponseCode)rcode, name), (code, code.ToName()));
    }

    [Fact]
    public void Parse_SuccessWithoutQuestion_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 0, 0).ToArray();

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply, Id, WwwA));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(28, 4)]
    public void Parse_AddressOfWrongLength_IsRejected(ushort type, int length)
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        reply.Pointer(12).Record(type, 60, data => data.Bytes(new byte[length]));

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
    }

    [Fact]
    public void Parse_NameRunningPastItsRecordData_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        reply.Pointer(12).UInt16(5).UInt16(1).UInt32(60).UInt16(2).Name("app.vigil.test");

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
    }

    [Fact]
    public void Parse_TxtStringPastItsRecord_IsRejected()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 2).Question("www.vigil.test", 1);
        reply.Pointer(12).UInt16(16).UInt16(1).UInt32(60).UInt16(3).Byte(10).Bytes((byte)'a', (byte)'b');
        reply.Pointer(12).Record(1, 60, data => data.Bytes(127, 0, 0, 1));

        Assert.Throws<DnsProtocolException>(() => DnsResponseParser.Parse(reply.ToArray(), Id, WwwA));
    }

    [Fact]
    public void Parse_TtlWithTopBitSet_IsReadAsZero()
    {
        var reply = new DnsReplyBuilder().Header(Id, ReplyFlags, 1, 1).Question("www.vigil.test", 1);
        reply.Pointer(12).Record(1, 0x8000_0001, data => data.Bytes(127, 0, 0, 1));

        Assert.Equal(TimeSpan.Zero, DnsResponseParser.Parse(reply.ToArray(), Id, WwwA).Answers[0].Ttl);
    }

    [Theory]
    [InlineData("A", 1)]
    [InlineData("aaaa", 28)]
    [InlineData("Mx", 15)]
    public void RecordTypes_TryParse_ReadsNamesInAnyCase(string text, ushort expected)
    {
        Assert.True(DnsRecordTypes.TryParse(text, out var type));
        Assert.Equal((DnsRecordType)expected, type);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("SOA")]
    [InlineData("")]
    [InlineData(null)]
    public void RecordTypes_TryParse_RejectsNumbersAndOtherTypes(string? text) =>
        Assert.False(DnsRecordTypes.TryParse(text, out _));
}
