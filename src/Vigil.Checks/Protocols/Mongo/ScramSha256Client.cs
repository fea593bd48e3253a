using System.Security.Cryptography;
using System.Text;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>
/// The client side of one SCRAM-SHA-256 exchange (RFC 5802, RFC 7677), without channel binding, as MongoDB uses it:
/// client-first, server-first, client-final with the proof, then a check of the server's signature so a server that
/// does not know the password cannot pretend the login worked.
/// </summary>
public sealed class ScramSha256Client
{
    // MongoDB drivers refuse fewer iterations than this for SHA-256; fewer means a weakened or fake server.
    private const int MinIterations = 4096;
    private const string Gs2Header = "n,,";

    private readonly string _password;
    private readonly string _clientNonce;
    private readonly string _clientFirstBare;
    private byte[]? _expectedServerSignature;

    public ScramSha256Client(string username, string password, string clientNonce)
    {
        _password = SaslPrep(password);
        _clientNonce = clientNonce;
        _clientFirstBare = $"n={username.Replace("=", "=3D", StringComparison.Ordinal).Replace(",", "=2C", StringComparison.Ordinal)},r={clientNonce}";
    }

    public string ClientFirstMessage => Gs2Header + _clientFirstBare;

    /// <summary>A fresh random nonce: 24 bytes, base64, so it never holds a comma.</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>Takes the server-first message and returns the client-final message carrying the proof.</summary>
    public string ReceiveServerFirst(string serverFirst)
    {
        var attributes = Parse(serverFirst);
        if (attributes.ContainsKey('m'))
            throw new MongoProtocolException("server-first message asks for an unsupported SCRAM extension");
        var nonce = Required(attributes, 'r');
        if (!nonce.StartsWith(_clientNonce, StringComparison.Ordinal) || nonce.Length == _clientNonce.Length)
            throw new MongoAuthenticationException("the server's SCRAM nonce does not extend ours");
        var salt = Base64(Required(attributes, 's'));
        if (!int.TryParse(Required(attributes, 'i'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var iterations))
            throw new MongoProtocolException("SCRAM iteration count is not a number");
        if (iterations < MinIterations)
            throw new MongoAuthenticationException($"the server asks for {iterations} SCRAM iterations, fewer than the minimum {MinIterations}");

        var saltedPassword = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(_password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(saltedPassword, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var withoutProof = $"c={Convert.ToBase64String(Encoding.ASCII.GetBytes(Gs2Header))},r={nonce}";
        var authMessage = Encoding.UTF8.GetBytes($"{_clientFirstBare},{serverFirst},{withoutProof}");

        var proof = HMACSHA256.HashData(storedKey, authMessage);
        for (var i = 0; i < proof.Length; i++)
            proof[i] ^= clientKey[i];
        var serverKey = HMACSHA256.HashData(saltedPassword, "Server Key"u8);
        _expectedServerSignature = HMACSHA256.HashData(serverKey, authMessage);
        return $"{withoutProof},p={Convert.ToBase64String(proof)}";
    }

    /// <summary>Checks the server-final message: an error, or the signature only a server holding the password's keys can make.</summary>
    public void VerifyServerFinal(string serverFinal)
    {
        if (_expectedServerSignature is null)
            throw new InvalidOperationException("server-final before server-first");
        var attributes = Parse(serverFinal);
        if (attributes.TryGetValue('e', out var error))
            throw new MongoAuthenticationException($"SCRAM failed: {error}");
        if (!CryptographicOperations.FixedTimeEquals(Base64(Required(attributes, 'v')), _expectedServerSignature))
            throw new MongoAuthenticationException("the server's SCRAM signature is wrong: it does not hold this user's keys");
    }

    /// <summary>
    /// SASLprep (RFC 4013), limited: ASCII passwords, the usual case, come out unchanged once control characters are
    /// refused; other passwords get only NFKC normalization, without the RFC's mapping and prohibition tables.
    /// </summary>
    internal static string SaslPrep(string password)
    {
        if (password.Any(char.IsControl))
            throw new MongoAuthenticationException("the password contains control characters, which SASLprep prohibits");
        return Ascii.IsValid(password) ? password : password.Normalize(NormalizationForm.FormKC);
    }

    private static Dictionary<char, string> Parse(string message)
    {
        var attributes = new Dictionary<char, string>();
        foreach (var part in message.Split(','))
        {
            if (part.Length < 2 || part[1] != '=')
                throw new MongoProtocolException($"malformed SCRAM attribute '{part}'");
            attributes.TryAdd(part[0], part[2..]);
        }
        return attributes;
    }

    private static string Required(Dictionary<char, string> attributes, char name) =>
        attributes.TryGetValue(name, out var value) ? value : throw new MongoProtocolException($"SCRAM message lacks '{name}='");

    private static byte[] Base64(string text)
    {
        try
        {
            return Convert.FromBase64String(text);
        }
        catch (FormatException e)
        {
            throw new MongoProtocolException("SCRAM message holds invalid base64", e);
        }
    }
}
