using System.Security.Cryptography;
using System.Text;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>The password proofs of the two authentication plugins Vigil speaks. Neither sends the password itself.</summary>
internal static class AuthScramble
{
    public const string NativePassword = "mysql_native_password";
    public const string CachingSha2Password = "caching_sha2_password";

    public static bool IsSupported(string plugin) => plugin is NativePassword or CachingSha2Password;

    /// <summary>The response for <paramref name="plugin"/>; an empty password is answered with an empty response.</summary>
    public static byte[] For(string plugin, string? password, ReadOnlySpan<byte> nonce)
    {
        if (!IsSupported(plugin))
            throw new MySqlAuthenticationException($"the server asks for authentication plugin '{plugin}', which Vigil does not support");
        if (string.IsNullOrEmpty(password))
            return [];
        return plugin == NativePassword ? Native(password, nonce) : CachingSha2(password, nonce);
    }

    /// <summary>mysql_native_password: SHA1(password) XOR SHA1(nonce + SHA1(SHA1(password))).</summary>
    public static byte[] Native(string password, ReadOnlySpan<byte> nonce)
    {
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(password));
        var doubleHash = SHA1.HashData(hash);
        var mask = SHA1.HashData([.. nonce, .. doubleHash]);
        return Xor(hash, mask);
    }

    /// <summary>caching_sha2_password fast path: SHA256(password) XOR SHA256(SHA256(SHA256(password)) + nonce).</summary>
    public static byte[] CachingSha2(string password, ReadOnlySpan<byte> nonce)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(password));
        var doubleHash = SHA256.HashData(hash);
        var mask = SHA256.HashData([.. doubleHash, .. nonce]);
        return Xor(hash, mask);
    }

    private static byte[] Xor(byte[] value, byte[] mask)
    {
        for (var i = 0; i < value.Length; i++)
            value[i] ^= mask[i];
        return value;
    }
}
