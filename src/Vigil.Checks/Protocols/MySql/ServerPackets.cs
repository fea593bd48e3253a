using System.Text;

namespace Vigil.Checks.Protocols.MySql;

/// <summary>The status packets that end an exchange: OK, ERR and EOF, told apart by their first byte.</summary>
internal static class ServerPackets
{
    public const byte Ok = 0x00;
    public const byte Err = 0xFF;

    /// <summary>Also the first byte of an AuthSwitchRequest during login.</summary>
    public const byte Eof = 0xFE;

    /// <summary>Set in an OK/EOF status when another result set follows (a stored procedure's results).</summary>
    public const ushort MoreResultsExist = 0x0008;

    /// <summary>An EOF packet, as opposed to a result row that happens to start with 0xFE (an 8-byte length, so at least 9 bytes).</summary>
    public static bool IsEof(ReadOnlySpan<byte> payload) => payload.Length is > 0 and < 9 && payload[0] == Eof;

    /// <summary>Reads the server status flags of an OK packet: header, affected rows, last insert id, then status.</summary>
    public static ushort ReadOkStatus(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.Skip(1);
        reader.ReadLengthEncodedInteger();
        reader.ReadLengthEncodedInteger();
        return reader.ReadUInt16();
    }

    /// <summary>Reads the server status flags of an EOF packet: header, warning count, then status.</summary>
    public static ushort ReadEofStatus(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        reader.Skip(1 + 2);
        return reader.Remaining >= 2 ? reader.ReadUInt16() : (ushort)0;
    }

    /// <summary>Turns an ERR packet into an exception. The SQL state follows a '#' marker; an ERR sent before the
    /// handshake has no marker and gets the generic state HY000.</summary>
    public static MySqlServerException ReadError(ReadOnlySpan<byte> payload)
    {
        var reader = new PayloadReader(payload);
        if (reader.ReadByte() != Err)
            throw new MySqlProtocolException("expected an ERR packet");
        var code = reader.ReadUInt16();
        var state = "HY000";
        if (!reader.AtEnd && reader.PeekByte() == (byte)'#' && reader.Remaining >= 6)
        {
            reader.Skip(1);
            state = Encoding.ASCII.GetString(reader.ReadBytes(5));
        }
        return new MySqlServerException(code, state, Encoding.UTF8.GetString(reader.ReadRest()));
    }
}
