using System.Net;
using System.Text;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>
/// Decodes a reply to one query (RFC 1035 4.1): checks that it answers that query, then reads the answer section.
/// Records of other types or classes (RRSIG, unknown types) are skipped; the authority and additional sections are not read.
/// </summary>
internal static class DnsResponseParser
{
    private const ushort ReplyFlag = 0x8000;
    private const ushort TruncatedFlag = 0x0200;
    private const ushort ClassIn = 1;
    private const uint MaxTtl = int.MaxValue;

    public static DnsResponse Parse(ReadOnlySpan<byte> message, ushort expectedId, DnsQuestion question)
    {
        var reader = new DnsMessageReader(message);
        if (message.Length < DnsQueryWriter.HeaderLength)
            throw new DnsProtocolException($"reply of {message.Length} bytes is shorter than a DNS header");
        var id = reader.ReadUInt16();
        if (id != expectedId)
            throw new DnsProtocolException($"reply id {id} does not match query id {expectedId}");
        var flags = reader.ReadUInt16();
        if ((flags & ReplyFlag) == 0)
            throw new DnsProtocolException("message is a query, not a reply");
        var truncated = (flags & TruncatedFlag) != 0;
        var code = (DnsResponseCode)(flags & 0x000F);
        var questionCount = reader.ReadUInt16();
        var answerCount = reader.ReadUInt16();
        reader.Position = DnsQueryWriter.HeaderLength;

        // Error replies may leave the question out; a successful one must repeat it.
        if (questionCount > 1 || (questionCount == 0 && code == DnsResponseCode.NoError))
            throw new DnsProtocolException($"reply carries {questionCount} questions, expected 1");
        if (questionCount == 1)
            CheckQuestion(ref reader, question);
        if (truncated || code != DnsResponseCode.NoError)
            return new DnsResponse(code, truncated, []);

        var answers = new List<DnsRecord>(answerCount);
        for (var i = 0; i < answerCount; i++)
        {
            if (ReadRecord(ref reader) is { } record)
                answers.Add(record);
        }
        return new DnsResponse(code, truncated, answers);
    }

    private static void CheckQuestion(ref DnsMessageReader reader, DnsQuestion question)
    {
        var name = reader.ReadName();
        var type = reader.ReadUInt16();
        var recordClass = reader.ReadUInt16();
        if (!DnsName.AreEqual(name, question.Name) || type != (ushort)question.Type || recordClass != ClassIn)
            throw new DnsProtocolException($"reply is for {name} type {type}, not {question.Name} {question.Type}");
    }

    private static DnsRecord? ReadRecord(ref DnsMessageReader reader)
    {
        var name = reader.ReadName();
        var type = (DnsRecordType)reader.ReadUInt16();
        var recordClass = reader.ReadUInt16();
        var ttlSeconds = reader.ReadUInt32();
        var dataLength = reader.ReadUInt16();
        var dataStart = reader.Position;
        var dataEnd = dataStart + dataLength;
        if (dataEnd > reader.Length)
            throw new DnsProtocolException($"record {name} claims {dataLength} bytes of data, the reply has {reader.Length - dataStart} left");
        if (recordClass != ClassIn || !Enum.IsDefined(type))
        {
            reader.Position = dataEnd;
            return null;
        }

        // RFC 2181 8: a TTL with the top bit set is read as zero.
        var record = new DnsRecord(name, type, TimeSpan.FromSeconds(ttlSeconds > MaxTtl ? 0 : ttlSeconds));
        record = type switch
        {
            DnsRecordType.A or DnsRecordType.AAAA => record with { Address = ReadAddress(ref reader, type, dataLength) },
            DnsRecordType.MX => record with { Preference = reader.ReadUInt16(), Host = reader.ReadName() },
            DnsRecordType.TXT => record with { Texts = ReadTexts(ref reader, dataEnd) },
            _ => record with { Host = reader.ReadName() },
        };
        if (reader.Position != dataEnd)
            throw new DnsProtocolException($"{type} record {name} has {dataLength} bytes of data, its content took {reader.Position - dataStart}");
        return record;
    }

    private static IPAddress ReadAddress(ref DnsMessageReader reader, DnsRecordType type, int dataLength)
    {
        var expected = type == DnsRecordType.A ? 4 : 16;
        if (dataLength != expected)
            throw new DnsProtocolException($"{type} record has {dataLength} bytes of data, expected {expected}");
        return new IPAddress(reader.ReadBytes(expected));
    }

    private static List<string> ReadTexts(ref DnsMessageReader reader, int dataEnd)
    {
        var texts = new List<string>(1);
        while (reader.Position < dataEnd)
        {
            var length = reader.ReadByte();
            if (reader.Position + length > dataEnd)
                throw new DnsProtocolException("TXT string runs past the end of its record");
            texts.Add(Encoding.UTF8.GetString(reader.ReadBytes(length)));
        }
        return texts;
    }
}
