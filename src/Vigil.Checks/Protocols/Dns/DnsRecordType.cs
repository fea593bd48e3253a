namespace Vigil.Checks.Protocols.Dns;

/// <summary>The record types Vigil asks for, with their wire numbers (RFC 1035, RFC 3596 for AAAA).</summary>
internal enum DnsRecordType : ushort
{
    A = 1,
    NS = 2,
    CNAME = 5,
    MX = 15,
    TXT = 16,
    AAAA = 28,
}

internal static class DnsRecordTypes
{
    /// <summary>Reads a type name as a monitor spec writes it ("A", "mx"); numbers are not names.</summary>
    public static bool TryParse(string? text, out DnsRecordType type)
    {
        type = default;
        return !string.IsNullOrEmpty(text) && char.IsLetter(text[0])
            && Enum.TryParse(text, ignoreCase: true, out type) && Enum.IsDefined(type);
    }
}
