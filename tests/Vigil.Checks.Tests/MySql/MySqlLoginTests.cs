using System.Text;
using Vigil.Checks.Protocols.MySql;

namespace Vigil.Checks.Tests.MySql;

/// <summary>Login paths checked against a scripted server: what the client sends, and how it follows the server's requests.</summary>
public sealed class MySqlLoginTests
{
    private static readonly byte[] FirstNonce = Encoding.ASCII.GetBytes("abcdefghij0123456789");
    private static readonly byte[] SwitchNonce = Encoding.ASCII.GetBytes("ZYXWVUTSRQ9876543210");

    [Fact]
    public async Task Open_SendsHandshakeResponse41WithUserDatabaseAndPlugin()
    {
        byte[]? response = null;
        await using var server = ScriptedMySqlServer.Start(async stream =>
        {
            await ScriptedMySqlServer.WriteAsync(stream, 0, ScriptedMySqlServer.Handshake("mysql_native_password", FirstNonce));
            response = await ScriptedMySqlServer.ReadAsync(stream, 1);
            await ScriptedMySqlServer.WriteAsync(stream, 2, ScriptedMySqlServer.Ok);
        });

        await using var connection = await MySqlConnection.OpenAsync("127.0.0.1", server.Port, "monitor", "secret", "shop", default);
        await server.Completion;

        Assert.Equal("8.4.0-scripted", connection.ServerVersion);
        Assert.Equal(77u, connection.ConnectionId);
        var capabilities = BitConverter.ToUInt32(response!, 0);
        const uint Expected = 0x0000_0200 | 0x0000_8000 | 0x0000_0008 | 0x0008_0000; // protocol 4.1, secure connection, with db, plugin auth
        Assert.Equal(Expected, capabilities & Expected);
        Assert.All(response![9..32], b => Assert.Equal(0, b));
        var expected = new List<byte>("monitor\0"u8.ToArray()) { 20 };
        expected.AddRange(AuthScramble.Native("secret", FirstNonce));
        expected.AddRange("shop\0mysql_native_password\0"u8.ToArray());
        Assert.Equal(expected, response![32..]);
    }

    [Fact]
    public async Task Open_AuthSwitchRequest_AnswersTheNewPluginWithTheNewNonce()
    {
        await using var server = ScriptedMySqlServer.Start(async stream =>
        {
            await ScriptedMySqlServer.WriteAsync(stream, 0, ScriptedMySqlServer.Handshake("caching_sha2_password", FirstNonce));
            var response = await ScriptedMySqlServer.ReadAsync(stream, 1);
            Assert.EndsWith("caching_sha2_password\0", Encoding.ASCII.GetString(response), StringComparison.Ordinal);
            await ScriptedMySqlServer.WriteAsync(stream, 2, [0xFE, .. "mysql_native_password\0"u8.ToArray(), .. SwitchNonce, 0x00]);
            Assert.Equal(AuthScramble.Native("secret", SwitchNonce), await ScriptedMySqlServer.ReadAsync(stream, 3));
            await ScriptedMySqlServer.WriteAsync(stream, 4, ScriptedMySqlServer.Ok);

            Assert.Equal([0x0E], await ScriptedMySqlServer.ReadAsync(stream, 0));
            await ScriptedMySqlServer.WriteAsync(stream, 1, ScriptedMySqlServer.Ok);
            Assert.Equal([0x01], await ScriptedMySqlServer.ReadAsync(stream, 0));
        });

        var connection = await MySqlConnection.OpenAsync("127.0.0.1", server.Port, "monitor", "secret", null, default);
        await connection.PingAsync(default);
        Assert.True(connection.IsUsable);
        await connection.DisposeAsync();

        await server.Completion; // the script saw the ping and then COM_QUIT
    }

    [Fact]
    public async Task Open_CachingSha2FastAuthentication_LogsIn()
    {
        await using var server = ScriptedMySqlServer.Start(async stream =>
        {
            await ScriptedMySqlServer.WriteAsync(stream, 0, ScriptedMySqlServer.Handshake("caching_sha2_password", FirstNonce));
            var response = await ScriptedMySqlServer.ReadAsync(stream, 1);
            var scramble = AuthScramble.CachingSha2("secret", FirstNonce);
            Assert.Equal([32, .. scramble], response[("monitor\0".Length + 32)..][..33]);
            await ScriptedMySqlServer.WriteAsync(stream, 2, [0x01, 0x03]);
            await ScriptedMySqlServer.WriteAsync(stream, 3, ScriptedMySqlServer.Ok);
            Assert.Equal([0x01], await ScriptedMySqlServer.ReadAsync(stream, 0));
        });

        var connection = await MySqlConnection.OpenAsync("127.0.0.1", server.Port, "monitor", "secret", null, default);
        Assert.True(connection.IsUsable);
        await connection.DisposeAsync();

        await server.Completion;
    }

    [Fact]
    public async Task Open_CachingSha2FullAuthentication_FailsSayingTlsOrRsaIsNeeded()
    {
        await using var server = ScriptedMySqlServer.Start(async stream =>
        {
            await ScriptedMySqlServer.WriteAsync(stream, 0, ScriptedMySqlServer.Handshake("caching_sha2_password", FirstNonce));
            await ScriptedMySqlServer.ReadAsync(stream, 1);
            await ScriptedMySqlServer.WriteAsync(stream, 2, [0x01, 0x04]);
        });

        var error = await Assert.ThrowsAsync<MySqlAuthenticationException>(
            () => MySqlConnection.OpenAsync("127.0.0.1", server.Port, "monitor", "secret", null, default));

        Assert.Contains("TLS", error.Message, StringComparison.Ordinal);
        Assert.Contains("RSA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_NotAMySqlServer_IsAProtocolError()
    {
        await using var server = ScriptedMySqlServer.Start(async stream =>
            await stream.WriteAsync("SSH-2.0-OpenSSH_9.6\r\n"u8.ToArray()));

        await Assert.ThrowsAsync<MySqlProtocolException>(
            () => MySqlConnection.OpenAsync("127.0.0.1", server.Port, "monitor", "secret", null, default));
    }
}
