namespace Vigil.Checks.Protocols.Redis;

/// <summary>The peer sent something that is not a RESP2 reply, or not the reply the command calls for.</summary>
public sealed class RedisProtocolException(string message) : Exception(message);
