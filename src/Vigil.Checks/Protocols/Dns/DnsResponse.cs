namespace Vigil.Checks.Protocols.Dns;

/// <summary>A decoded reply. A truncated reply carries no answers: its records may be cut off, so it is asked again over TCP.</summary>
internal sealed record DnsResponse(DnsResponseCode ResponseCode, bool Truncated, IReadOnlyList<DnsRecord> Answers);
