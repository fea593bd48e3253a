namespace Vigil.Checks.Protocols.Mongo;

/// <summary>The peer sent something that is not a MongoDB wire-protocol reply (or not a well-formed one).</summary>
public sealed class MongoProtocolException(string message, Exception? inner = null) : Exception(message, inner);
