namespace Vigil.Checks.Protocols.Mongo;

/// <summary>SCRAM authentication failed: the server refused the credentials, or could not prove it knows them.</summary>
public sealed class MongoAuthenticationException(string message, Exception? inner = null) : Exception(message, inner);
