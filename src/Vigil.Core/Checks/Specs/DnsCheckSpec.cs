namespace Vigil.Core.Checks.Specs;

/// <summary>A name resolution, through the system resolver or a chosen DNS server.</summary>
public sealed record DnsCheckSpec : CheckSpec
{
    public override string Type => "dns";

    public required string Hostname { get; init; }

    /// <summary>A, AAAA, CNAME, MX, NS or TXT.</summary>
    public string RecordType { get; init; } = "A";

    /// <summary>A DNS server to ask ("127.0.0.1:53"). Null: the system resolver (A and AAAA only).</summary>
    public string? Resolver { get; init; }

    /// <summary>Every one of these must be among the answers (addresses, names or texts as the record type has them).</summary>
    public IReadOnlyList<string> Expected { get; init; } = [];
}
