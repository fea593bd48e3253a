using System.Buffers.Binary;
using System.Text;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>Decodes a BSON document, checking every length against the bytes it has; anything malformed is a <see cref="MongoProtocolException"/>.</summary>
public static class BsonReader
{
    private const int MaxDepth = 100;
    private const long MinDateMilliseconds = -62_135_596_800_000;
    private const long MaxDateMilliseconds = 253_402_300_799_999;

    /// <summary>Decodes the document that fills <paramref name="data"/> exactly.</summary>
    public static BsonDocument Decode(ReadOnlySpan<byte> data)
    {
        var position = 0;
        var document = ReadDocument(data, ref position, 0);
        return position == data.Length ? document : throw new MongoProtocolException("bytes left after the BSON document");
    }

    /// <summary>Decodes the document at the start of <paramref name="data"/>; <paramref name="length"/> is how many bytes it took.</summary>
    public static BsonDocument Decode(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        return ReadDocument(data, ref length, 0);
    }

    private static BsonDocument ReadDocument(ReadOnlySpan<byte> data, ref int position, int depth)
    {
        if (depth > MaxDepth)
            throw new MongoProtocolException("BSON nested too deep");
        var length = ReadInt32(data, ref position);
        var start = position - 4;
        if (length < 5 || length > data.Length - start)
            throw new MongoProtocolException($"BSON document length {length} does not fit the {data.Length - start} bytes left");
        var body = data[..(start + length)];
        if (body[^1] != 0)
            throw new MongoProtocolException("BSON document does not end with a NUL byte");

        var document = new BsonDocument();
        while (position < body.Length - 1)
        {
            var type = body[position++];
            var name = ReadCString(body, ref position);
            document.Add(name, ReadValue(body, type, ref position, depth));
        }
        if (position != body.Length - 1)
            throw new MongoProtocolException("BSON element runs past its document");
        position = body.Length;
        return document;
    }

    private static object? ReadValue(ReadOnlySpan<byte> data, byte type, ref int position, int depth)
    {
        switch (type)
        {
            case BsonType.Double:
                return BinaryPrimitives.ReadDoubleLittleEndian(Take(data, ref position, 8));
            case BsonType.String:
                {
                    var length = ReadInt32(data, ref position);
                    if (length < 1)
                        throw new MongoProtocolException($"BSON string length {length}");
                    var bytes = Take(data, ref position, length);
                    if (bytes[^1] != 0)
                        throw new MongoProtocolException("BSON string does not end with a NUL byte");
                    return Encoding.UTF8.GetString(bytes[..^1]);
                }
            case BsonType.Document:
                return ReadDocument(data, ref position, depth + 1);
            case BsonType.Array:
                return ReadDocument(data, ref position, depth + 1).Select(element => element.Value).ToList();
            case BsonType.Binary:
                {
                    var length = ReadInt32(data, ref position);
                    if (length < 0)
                        throw new MongoProtocolException($"BSON binary length {length}");
                    var subtype = Take(data, ref position, 1)[0];
                    return new BsonBinary(subtype, Take(data, ref position, length).ToArray());
                }
            case BsonType.Boolean:
                return Take(data, ref position, 1)[0] switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new MongoProtocolException($"BSON boolean byte {other}"),
                };
            case BsonType.DateTime:
                {
                    var raw = Take(data, ref position, 8);
                    var milliseconds = BinaryPrimitives.ReadInt64LittleEndian(raw);
                    // Dates outside what DateTimeOffset holds stay raw rather than failing the whole reply.
                    return milliseconds is >= MinDateMilliseconds and <= MaxDateMilliseconds
                        ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
                        : new BsonOpaque(type, raw.ToArray());
                }
            case BsonType.Null:
                return null;
            case BsonType.Int32:
                return BinaryPrimitives.ReadInt32LittleEndian(Take(data, ref position, 4));
            case BsonType.Int64:
                return BinaryPrimitives.ReadInt64LittleEndian(Take(data, ref position, 8));
            case BsonType.ObjectId:
                return new BsonOpaque(type, Take(data, ref position, 12).ToArray());
            case BsonType.Timestamp:
                return new BsonOpaque(type, Take(data, ref position, 8).ToArray());
            case BsonType.Decimal128:
                return new BsonOpaque(type, Take(data, ref position, 16).ToArray());
            case BsonType.Regex:
                {
                    var start = position;
                    ReadCString(data, ref position);
                    ReadCString(data, ref position);
                    return new BsonOpaque(type, data[start..position].ToArray());
                }
            case BsonType.Undefined or BsonType.MinKey or BsonType.MaxKey:
                return new BsonOpaque(type, []);
            default:
                throw new MongoProtocolException($"unsupported BSON type 0x{type:x2}");
        }
    }

    private static string ReadCString(ReadOnlySpan<byte> data, ref int position)
    {
        var end = data[position..].IndexOf((byte)0);
        if (end < 0)
            throw new MongoProtocolException("BSON name not ended by a NUL byte");
        var text = Encoding.UTF8.GetString(data.Slice(position, end));
        position += end + 1;
        return text;
    }

    private static int ReadInt32(ReadOnlySpan<byte> data, ref int position) => BinaryPrimitives.ReadInt32LittleEndian(Take(data, ref position, 4));

    private static ReadOnlySpan<byte> Take(ReadOnlySpan<byte> data, ref int position, int count)
    {
        if (count > data.Length - position)
            throw new MongoProtocolException("BSON value runs past the end of its document");
        var taken = data.Slice(position, count);
        position += count;
        return taken;
    }
}
