using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Vigil.Checks.Pooling;

/// <summary>Pool keys: one pool per target and credentials. A password enters only as a hash, so keys hold no secret.</summary>
public static class PoolKey
{
    public static string Of(string? password, params object?[] target)
    {
        var hash = password is null ? "-" : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        return string.Join('\n', target.Select(part => Convert.ToString(part, CultureInfo.InvariantCulture)).Append(hash));
    }
}
