using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>Encodes a <see cref="BsonDocument"/> (bsonspec.org, version 1.1) for the types commands use.</summary>
public static class BsonWriter
{
    public static byte[] Encode(BsonDocument document)
    {
        using var output = new MemoryStream();
        WriteDocument(output, document);
        return output.ToArray();
    }

    internal static void WriteDocument(MemoryStream output, IEnumerable<KeyValuePair<string, object?>> elements)
    {
        var start = (int)output.Position;
        WriteInt32(output, 0); // patched below, once the length is known
        foreach (var (name, value) in elements)
            WriteElement(output, name, value);
        output.WriteByte(0);
        BinaryPrimitives.WriteInt32LittleEndian(output.GetBuffer().AsSpan(start), (int)output.Position - start);
    }

    private static void WriteElement(MemoryStream output, string name, object? value)
    {
        output.WriteByte(TypeOf(value, name));
        WriteCString(output, name);
        switch (value)
        {
            case double number:
                Span<byte> bits = stackalloc byte[8];
                BinaryPrimitives.WriteDoubleLittleEndian(bits, number);
                output.Write(bits);
                break;
            case string text:
                var bytes = Encoding.UTF8.GetBytes(text);
                WriteInt32(output, bytes.Length + 1);
                output.Write(bytes);
                output.WriteByte(0);
                break;
            case BsonDocument document:
                WriteDocument(output, document);
                break;
            case IReadOnlyList<object?> array:
                WriteDocument(output, array.Select((item, index) => KeyValuePair.Create(index.ToString(CultureInfo.InvariantCulture), item)));
                break;
            case BsonBinary binary:
                WriteInt32(output, binary.Data.Length);
                output.WriteByte(binary.Subtype);
                output.Write(binary.Data);
                break;
            case bool flag:
                output.WriteByte(flag ? (byte)1 : (byte)0);
                break;
            case null:
                break;
            case int number:
                WriteInt32(output, number);
                break;
            case long number:
                Span<byte> int64 = stackalloc byte[8];
                BinaryPrimitives.WriteInt64LittleEndian(int64, number);
                output.Write(int64);
                break;
        }
    }

    private static byte TypeOf(object? value, string name) => value switch
    {
        double => BsonType.Double,
        string => BsonType.String,
        BsonDocument => BsonType.Document,
        IReadOnlyList<object?> => BsonType.Array,
        BsonBinary => BsonType.Binary,
        bool => BsonType.Boolean,
        null => BsonType.Null,
        int => BsonType.Int32,
        long => BsonType.Int64,
        _ => throw new ArgumentException($"field {name}: cannot encode a {value.GetType().Name} as BSON"),
    };

    private static void WriteCString(MemoryStream output, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Contains((byte)0))
            throw new ArgumentException("a BSON field name cannot contain a NUL byte");
        output.Write(bytes);
        output.WriteByte(0);
    }

    private static void WriteInt32(MemoryStream output, int value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }
}
