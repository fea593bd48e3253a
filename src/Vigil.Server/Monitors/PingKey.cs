using System.Security.Cryptography;
using System.Text;

namespace Vigil.Server.Monitors;

/// <summary>
/// The installation's ping key for <c>/ping/{ping-key}/{slug}</c> URLs (healthchecks.io keeps one per project).
/// Comes from pings.ping_key, else is generated once at first start and kept in storage.
/// </summary>
public sealed class PingKey
{
    public const string MetaKey = "ping_key";
    private byte[] _bytes = [];

    public string Value { get; private set; } = "";

    public void Set(string value)
    {
        Value = value;
        _bytes = Encoding.UTF8.GetBytes(value);
    }

    public static string Generate() => Auth.ApiKeys.Base64Url(RandomNumberGenerator.GetBytes(16));

    public bool Matches(string candidate)
    {
        Span<byte> buffer = stackalloc byte[128];
        if (_bytes.Length == 0 || Encoding.UTF8.GetByteCount(candidate) > buffer.Length)
            return false;
        var written = Encoding.UTF8.GetBytes(candidate, buffer);
        return CryptographicOperations.FixedTimeEquals(buffer[..written], _bytes);
    }
}
