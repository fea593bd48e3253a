using System.Text;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>The server's first packet (protocol version 10): who it is, what it can do, and the nonce to scramble the password with.</summary>
internal sealed record InitialHandshake(string ServerVersion, uint ConnectionId, MySqlCapabilities Capabilities, byte[] Nonce, string AuthPlugin)
{
    /// <summary>Parses a handshake. An ERR packet in its place (too many connections, host blocked) becomes a <see cref="MySqlServerException"/>.</summary>
    public static InitialHandshake Parse(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        var version = reader.ReadByte();
        if (version == ServerPackets.Err)
            throw ServerPackets.ReadError(payload);
        if (version != 10)
            throw new MySqlProtocolException($"unsupported handshake protocol version {version}; not a MySQL/MariaDB server?");
        var serverVersion = reader.ReadNullTerminatedString();
        var connectionId = reader.ReadUInt32();
        var nonce = new List<byte>(20);
        nonce.AddRange(reader.ReadBytes(8));
        reader.Skip(1);
        var capabilities = (MySqlCapabilities)reader.ReadUInt16();
        var plugin = "mysql_native_password";
        if (!reader.AtEnd)
        {
            reader.Skip(1 + 2); // character set, status flags
            capabilities |= (MySqlCapabilities)((uint)reader.ReadUInt16() << 16);
            var authDataLength = reader.ReadByte();
            reader.Skip(10); // reserved (MariaDB keeps its extended capabilities here)
            if (capabilities.HasFlag(MySqlCapabilities.SecureConnection))
            {
                // The second part is at least 13 bytes and ends with a NUL that is not part of the nonce.
                var part2 = reader.ReadBytes(Math.Max(13, authDataLength - 8));
                nonce.AddRange(part2[^1] == 0 ? part2[..^1] : part2);
            }
            if (capabilities.HasFlag(MySqlCapabilities.PluginAuth))
                plugin = Encoding.UTF8.GetString(reader.ReadNullTerminatedBytes());
        }
        return new InitialHandshake(serverVersion, connectionId, capabilities, [.. nonce], plugin);
    }
}
