namespace Vigil.Checks.Protocols.Mongo;

/// <summary>BSON binary data with its subtype (0 for generic, which the SASL payloads use).</summary>
public sealed record BsonBinary(byte Subtype, byte[] Data)
{
    public static BsonBinary Generic(byte[] data) => new(0, data);
}
