namespace Vigil.Checks.Protocols.MySql;

/// <summary>
/// The connection phase after the server's handshake: HandshakeResponse41, then as many auth round trips as the
/// server wants (AuthSwitchRequest, caching_sha2_password's AuthMoreData) until OK or ERR.
/// </summary>
internal static class MySqlLogin
{
    private const byte AuthMoreData = 0x01;
    private const byte FastAuthSuccess = 0x03;
    private const byte PerformFullAuthentication = 0x04;
    private const byte Utf8Mb4GeneralCi = 45;
    private const uint MaxPacketSize = MySqlPacketStream.MaxPayloadLength;

    private const MySqlCapabilities Required = MySqlCapabilities.Protocol41 | MySqlCapabilities.SecureConnection;

    public static async Task LoginAsync(MySqlPacketStream packets, InitialHandshake handshake, string user, string? password, string? database,
        CancellationToken cancellationToken)
    {
        if ((handshake.Capabilities & Required) != Required)
            throw new MySqlProtocolException($"server {handshake.ServerVersion} is too old: it lacks the 4.1 protocol or secure authentication");

        // Start with the server's default plugin when we know it, so the usual login takes one round trip.
        var plugin = AuthScramble.IsSupported(handshake.AuthPlugin) ? handshake.AuthPlugin : AuthScramble.NativePassword;
        var capabilities = Required | MySqlCapabilities.LongPassword | (handshake.Capabilities & (MySqlCapabilities.PluginAuth | MySqlCapabilities.MultiResults));
        if (!string.IsNullOrEmpty(database))
            capabilities |= MySqlCapabilities.ConnectWithDb;

        var authResponse = AuthScramble.For(plugin, password, handshake.Nonce);
        var response = new PayloadWriter()
            .WriteUInt32((uint)capabilities)
            .WriteUInt32(MaxPacketSize)
            .WriteByte(Utf8Mb4GeneralCi)
            .WriteZeros(23)
            .WriteNullTerminatedString(user)
            .WriteByte((byte)authResponse.Length)
            .WriteBytes(authResponse);
        if (capabilities.HasFlag(MySqlCapabilities.ConnectWithDb))
            response.WriteNullTerminatedString(database!);
        if (capabilities.HasFlag(MySqlCapabilities.PluginAuth))
            response.WriteNullTerminatedString(plugin);
        await packets.WritePacketAsync(response.Written, cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var payload = await packets.ReadPacketAsync(cancellationToken).ConfigureAwait(false);
            if (payload.Length == 0)
                throw new MySqlProtocolException("empty packet during login");
            switch (payload.Span[0])
            {
                case ServerPackets.Ok:
                    return;
                case ServerPackets.Err:
                    throw ServerPackets.ReadError(payload.Span);
                case ServerPackets.Eof:
                    (plugin, var nonce) = ReadAuthSwitch(payload.Span);
                    await packets.WritePacketAsync(AuthScramble.For(plugin, password, nonce), cancellationToken).ConfigureAwait(false);
                    break;
                case AuthMoreData when plugin == AuthScramble.CachingSha2Password && payload.Length >= 2:
                    if (payload.Span[1] == PerformFullAuthentication)
                        throw new MySqlAuthenticationException(
                            "caching_sha2_password asks for full authentication, which needs TLS or the server's RSA key; Vigil connects " +
                            "over plain TCP. Log in once with another client so the server caches the password, or use mysql_native_password");
                    if (payload.Span[1] != FastAuthSuccess)
                        throw new MySqlProtocolException($"unexpected caching_sha2_password status 0x{payload.Span[1]:X2}");
                    break; // the OK packet follows
                default:
                    throw new MySqlProtocolException($"unexpected packet 0x{payload.Span[0]:X2} during login");
            }
        }
    }

    private static (string Plugin, byte[] Nonce) ReadAuthSwitch(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 1)
            throw new MySqlAuthenticationException("the server asks for the pre-4.1 password scheme, which Vigil does not support");
        var reader = new PayloadReader(payload[1..]);
        var plugin = reader.ReadNullTerminatedString();
        var nonce = reader.ReadRest();
        if (nonce.Length > 0 && nonce[^1] == 0)
            nonce = nonce[..^1];
        if (!AuthScramble.IsSupported(plugin))
            throw new MySqlAuthenticationException($"the server asks for authentication plugin '{plugin}', which Vigil does not support");
        return (plugin, nonce.ToArray());
    }
}
