using System.Globalization;
using System.Text;

namespace Vigil.Checks.Protocols.Dns;

/// <summary>Domain names as they go on the wire: labels of 1 to 63 bytes, at most 255 bytes in all (RFC 1035 2.3.4).</summary>
internal static class DnsName
{
    public const int MaxLabelLength = 63;
    public const int MaxWireLength = 255;

    /// <summary>
    /// The name in the form queries carry: international names in their ASCII (punycode) form, without the trailing
    /// dot. Throws <see cref="ArgumentException"/> for a name that cannot be asked.
    /// </summary>
    public static string Normalize(string name)
    {
        var trimmed = name.Trim().TrimEnd('.');
        if (trimmed.Length == 0)
            throw new ArgumentException("empty DNS name", nameof(name));
        var ascii = Ascii.IsValid(trimmed) ? trimmed : new IdnMapping().GetAscii(trimmed);
        foreach (var label in ascii.Split('.'))
        {
            if (label.Length is 0 or > MaxLabelLength)
                throw new ArgumentException($"'{name}' has a label that is empty or longer than {MaxLabelLength} characters", nameof(name));
        }
        if (WireLength(ascii) > MaxWireLength)
            throw new ArgumentException($"'{name}' is longer than {MaxWireLength} bytes", nameof(name));
        return ascii;
    }

    /// <summary>Bytes the name takes uncompressed: a length byte per label, the labels, the closing zero.</summary>
    public static int WireLength(string normalized) => normalized.Length + 2;

    /// <summary>Writes a normalized name uncompressed; returns the bytes written.</summary>
    public static int Write(string normalized, Span<byte> destination)
    {
        var position = 0;
        foreach (var label in normalized.Split('.'))
        {
            destination[position++] = (byte)label.Length;
            position += Encoding.ASCII.GetBytes(label, destination[position..]);
        }
        destination[position++] = 0;
        return position;
    }

    /// <summary>Names compare without regard to ASCII case (RFC 4343) and to a trailing dot.</summary>
    public static bool AreEqual(string left, string right) =>
        string.Equals(left.TrimEnd('.'), right.TrimEnd('.'), StringComparison.OrdinalIgnoreCase);
}
