namespace Vigil.Checks.Protocols.MySql;

/// <summary>The server sent something Vigil cannot read as the MySQL protocol: a malformed or unexpected packet.
/// The connection is left in an unknown state and is never reused.</summary>
public sealed class MySqlProtocolException(string message) : Exception(message);
