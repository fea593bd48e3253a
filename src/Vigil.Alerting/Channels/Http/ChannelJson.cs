using System.Buffers;
using System.Text.Json;

namespace Vigil.Alerting.Channels.Http;

/// <summary>Writes a payload with <see cref="Utf8JsonWriter"/>: every value escaped by the writer, never by hand.</summary>
internal static class ChannelJson
{
    public static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>At most <paramref name="max"/> characters, ending in "…" when cut (chat services reject longer).</summary>
    public static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
