using System.Security.Cryptography;
using System.Text;

namespace Vigil.Alerting.Channels.Http;

/// <summary>
/// The webhook signature. With a secret set, each request carries
/// <c>X-Vigil-Timestamp: &lt;unix seconds&gt;</c> and
/// <c>X-Vigil-Signature: sha256=&lt;lowercase hex HMAC-SHA256(key = UTF-8 secret, data = timestamp + "." + body bytes)&gt;</c>.
/// A receiver recomputes the HMAC over the timestamp header, a dot and the raw body exactly as received, compares in
/// constant time, and rejects timestamps too far from its clock (say 5 minutes) so a captured request cannot be replayed
/// later; <c>Idempotency-Key</c> drops replays within that window.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Vigil-Signature";
    public const string TimestampHeader = "X-Vigil-Timestamp";
    public const string Prefix = "sha256=";

    public static string Sign(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        var stamp = Encoding.ASCII.GetBytes(unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var data = new byte[stamp.Length + body.Length];
        stamp.CopyTo(data, 0);
        body.CopyTo(data.AsSpan(stamp.Length));
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));
    }
}
