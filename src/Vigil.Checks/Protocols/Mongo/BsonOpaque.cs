namespace Vigil.Checks.Protocols.Mongo;

/// <summary>A value of a BSON type the checks never look into (ObjectId, timestamp, decimal128, regex, min/max key): its type byte and raw bytes.</summary>
public sealed record BsonOpaque(byte Type, byte[] Bytes);
