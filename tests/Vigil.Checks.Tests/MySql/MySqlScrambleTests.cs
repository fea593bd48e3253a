using System.Security.Cryptography;
using System.Text;
using Vigil.Checks.Protocols.MySql;

namespace Vigil.Checks.Tests.MySql;

/// <summary>The expected proofs are computed here step by step from the documented formulas, apart from the code under test.</summary>
public sealed class MySqlScrambleTests
{
    private static readonly byte[] Nonce = Convert.FromHexString("3A1F0C5D2B7E49681122334455667788990A0B0C");

    [Fact]
    public void Native_IsSha1OfPasswordXorSha1OfNonceAndDoubleHash()
    {
        var stage1 = SHA1.HashData(Encoding.UTF8.GetBytes("secret"));
        var stage2 = SHA1.HashData(stage1);
        var mask = SHA1.HashData(Nonce.Concat(stage2).ToArray());
        var expected = stage1.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();

        Assert.Equal(expected, AuthScramble.Native("secret", Nonce));
        Assert.Equal(20, expected.Length);
    }

    [Fact]
    public void CachingSha2_IsSha256OfPasswordXorSha256OfDoubleHashAndNonce()
    {
        var stage1 = SHA256.HashData(Encoding.UTF8.GetBytes("pässword"));
        var stage2 = SHA256.HashData(stage1);
        var mask = SHA256.HashData(stage2.Concat(Nonce).ToArray());
        var expected = stage1.Zip(mask, (a, b) => (byte)(a ^ b)).ToArray();

        Assert.Equal(expected, AuthScramble.CachingSha2("pässword", Nonce));
        Assert.Equal(32, expected.Length);
    }

    [Theory]
    [InlineData(AuthScramble.NativePassword)]
    [InlineData(AuthScramble.CachingSha2Password)]
    public void EmptyPassword_SendsAnEmptyResponse(string plugin)
    {
        Assert.Empty(AuthScramble.For(plugin, null, Nonce));
        Assert.Empty(AuthScramble.For(plugin, "", Nonce));
    }

    [Fact]
    public void UnknownPlugin_IsAnAuthenticationError()
    {
        var error = Assert.Throws<MySqlAuthenticationException>(() => AuthScramble.For("auth_gssapi_client", "secret", Nonce));

        Assert.Contains("auth_gssapi_client", error.Message, StringComparison.Ordinal);
    }
}
