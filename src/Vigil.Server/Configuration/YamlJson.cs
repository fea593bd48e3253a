using System.Globalization;
using System.Text.Json;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>
/// Turns YAML into the JSON the API takes, so a monitor declared in the config file is validated by the very code that
/// validates API bodies. Plain scalars become numbers, booleans or null when they read as such; quoted ones stay strings.
/// </summary>
internal static class YamlJson
{
    public static void Write(Utf8JsonWriter writer, YamlNode node)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                writer.WriteStartObject();
                foreach (var (key, value) in mapping.Children)
                {
                    writer.WritePropertyName(((YamlScalarNode)key).Value ?? "");
                    Write(writer, value);
                }
                writer.WriteEndObject();
                break;
            case YamlSequenceNode sequence:
                writer.WriteStartArray();
                foreach (var item in sequence.Children)
                    Write(writer, item);
                writer.WriteEndArray();
                break;
            case YamlScalarNode scalar:
                WriteScalar(writer, scalar);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not (ScalarStyle.Plain or ScalarStyle.Any))
            writer.WriteStringValue(text);
        else if (YamlMapReader.IsNull(scalar))
            writer.WriteNullValue();
        else if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
            writer.WriteBooleanValue(text[0] is 't' or 'T');
        else if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
            writer.WriteNumberValue(whole);
        else if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
            writer.WriteNumberValue(number);
        else
            writer.WriteStringValue(text);
    }
}
