namespace Vigil.Checks.Protocols.MySql;

/// <summary>The capability flags of the handshake that Vigil reads or sets; the rest it leaves to the server's defaults.</summary>
[Flags]
internal enum MySqlCapabilities : uint
{
    None = 0,
    LongPassword = 0x0000_0001,
    ConnectWithDb = 0x0000_0008,
    Protocol41 = 0x0000_0200,
    SecureConnection = 0x0000_8000,
    MultiResults = 0x0002_0000,
    PluginAuth = 0x0008_0000,
}
