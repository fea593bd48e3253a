using System.Buffers;
using System.Text;

namespace Vigil.Checks.Protocols.Redis;

/// <summary>Encodes a command the way every Redis client sends one: an array of bulk strings.</summary>
public static class RespWriter
{
    public static byte[] EncodeCommand(params ReadOnlySpan<string> arguments)
    {
        var writer = new ArrayBufferWriter<byte>();
        WriteAscii(writer, $"*{arguments.Length}\r\n");
        foreach (var argument in arguments)
        {
            WriteAscii(writer, $"${Encoding.UTF8.GetByteCount(argument)}\r\n");
            Encoding.UTF8.GetBytes(argument, writer);
            WriteAscii(writer, "\r\n");
        }
        return writer.WrittenSpan.ToArray();
    }

    private static void WriteAscii(ArrayBufferWriter<byte> writer, string text) => Encoding.ASCII.GetBytes(text, writer);
}
