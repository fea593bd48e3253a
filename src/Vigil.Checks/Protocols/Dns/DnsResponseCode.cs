namespace Vigil.Checks.Protocols.Dns;

/// <summary>The RCODE of a reply header (RFC 1035 4.1.1).</summary>
internal enum DnsResponseCode : byte
{
    NoError = 0,
    FormErr = 1,
    ServFail = 2,
    NXDomain = 3,
    NotImp = 4,
    Refused = 5,
}

internal static class DnsResponseCodeNames
{
    /// <summary>The name operators know from dig ("NXDOMAIN"), or the number for codes outside RFC 1035.</summary>
    public static string ToName(this DnsResponseCode code) =>
        Enum.IsDefined(code) ? code.ToString().ToUpperInvariant() : $"RCODE {(int)code}";
}
