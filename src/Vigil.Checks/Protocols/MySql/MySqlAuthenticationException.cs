namespace Vigil.Checks.Protocols.MySql;

/// <summary>The login could not be completed on Vigil's side: the server asked for an authentication plugin or a step
/// (such as caching_sha2_password's full authentication) that Vigil's plain-TCP client cannot do.</summary>
public sealed class MySqlAuthenticationException(string message) : Exception(message);
