using Vigil.Checks.Protocols.Mongo;

namespace Vigil.Checks.Tests.Mongo;

/// <summary>The exchange in RFC 7677 section 3: user "user", password "pencil".</summary>
public sealed class ScramSha256ClientTests
{
    private const string ClientNonce = "rOprNGfwEbeRWgbNEkqO";
    private const string ServerFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private const string ClientFinal = "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private const string ServerFinal = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    [Fact]
    public void ClientFirstMessage_MatchesRfc7677() =>
        Assert.Equal("n,,n=user,r=rOprNGfwEbeRWgbNEkqO", new ScramSha256Client("user", "pencil", ClientNonce).ClientFirstMessage);

    [Fact]
    public void ReceiveServerFirst_Rfc7677_GivesTheRfcsClientProof() =>
        Assert.Equal(ClientFinal, new ScramSha256Client("user", "pencil", ClientNonce).ReceiveServerFirst(ServerFirst));

    [Fact]
    public void VerifyServerFinal_Rfc7677Signature_Passes()
    {
        var scram = new ScramSha256Client("user", "pencil", ClientNonce);
        scram.ReceiveServerFirst(ServerFirst);

        scram.VerifyServerFinal(ServerFinal);
    }

    [Theory]
    [InlineData("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")]
    [InlineData("e=invalid-proof")]
    public void VerifyServerFinal_WrongSignatureOrError_FailsAuthentication(string serverFinal)
    {
        var scram = new ScramSha256Client("user", "pencil", ClientNonce);
        scram.ReceiveServerFirst(ServerFirst);

        Assert.Throws<MongoAuthenticationException>(() => scram.VerifyServerFinal(serverFinal));
    }

    [Fact]
    public void ReceiveServerFirst_WrongPassword_GivesAnotherProof() =>
        Assert.NotEqual(ClientFinal, new ScramSha256Client("user", "pencils", ClientNonce).ReceiveServerFirst(ServerFirst));

    [Theory]
    [InlineData("r=someoneElsesNonce,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1024")]
    public void ReceiveServerFirst_BadNonceOrTooFewIterations_FailsAuthentication(string serverFirst) =>
        Assert.Throws<MongoAuthenticationException>(() => new ScramSha256Client("user", "pencil", ClientNonce).ReceiveServerFirst(serverFirst));

    [Theory]
    [InlineData("garbage")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,s=not base64!,i=4096")]
    [InlineData("r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=many")]
    [InlineData("m=ext,r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096")]
    public void ReceiveServerFirst_Malformed_ThrowsProtocolException(string serverFirst) =>
        Assert.Throws<MongoProtocolException>(() => new ScramSha256Client("user", "pencil", ClientNonce).ReceiveServerFirst(serverFirst));

    [Fact]
    public void ClientFirstMessage_EscapesCommaAndEqualsInTheUsername() =>
        Assert.Equal("n,,n=a=3Db=2Cc,r=x", new ScramSha256Client("a=b,c", "pw", "x").ClientFirstMessage);

    [Fact]
    public void SaslPrep_AsciiUnchangedCompatibilityFormsNormalizedControlRefused()
    {
        Assert.Equal("pencil", ScramSha256Client.SaslPrep("pencil"));
        Assert.Equal("IX", ScramSha256Client.SaslPrep("\u2168"));
        Assert.Throws<MongoAuthenticationException>(() => ScramSha256Client.SaslPrep("pen\u0007cil"));
    }

    [Fact]
    public void NewNonce_IsRandomAndCommaFree()
    {
        var first = ScramSha256Client.NewNonce();

        Assert.NotEqual(first, ScramSha256Client.NewNonce());
        Assert.DoesNotContain(',', first);
        Assert.True(first.Length >= 24);
    }
}
