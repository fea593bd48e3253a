namespace Vigil.Checks.Protocols.Dns;

/// <summary>What a query asks: one name (ASCII, no trailing dot, see <see cref="DnsName.Normalize"/>) and one type, class IN.</summary>
internal readonly record struct DnsQuestion(string Name, DnsRecordType Type);
