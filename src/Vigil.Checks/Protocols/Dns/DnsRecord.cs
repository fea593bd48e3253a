using System.Net;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>
/// One answer record. Which of the data fields is set depends on <see cref="Type"/>: <see cref="Address"/> for A and
/// AAAA, <see cref="Host"/> for CNAME and NS, <see cref="Preference"/> with <see cref="Host"/> (the exchange) for MX,
/// <see cref="Texts"/> for TXT.
/// </summary>
internal sealed record DnsRecord(string Name, DnsRecordType Type, TimeSpan Ttl)
{
    public IPAddress? Address { get; init; }

    public string? Host { get; init; }

    public ushort Preference { get; init; }

    /// <summary>The character strings of a TXT record; long texts (SPF, DKIM) are split into several of them.</summary>
    public IReadOnlyList<string> Texts { get; init; } = [];

    /// <summary>The data as one text: "127.0.0.1", "mail.example.com", "10 mail.example.com", or the joined TXT strings.</summary>
    public string Value => Type switch
    {
        DnsRecordType.A or DnsRecordType.AAAA => Address!.ToString(),
        DnsRecordType.MX => $"{Preference} {Host}",
        DnsRecordType.TXT => string.Concat(Texts),
        _ => Host!,
    };
}
