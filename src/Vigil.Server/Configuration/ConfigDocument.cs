using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>Turns YAML text into the root mapping; any syntax problem becomes one <c>(file)</c> error with its position.</summary>
internal static class ConfigDocument
{
    public const string FileKey = "(file)";

    // The representation model recurses per level; a hostile nesting depth must be an error, not a stack overflow.
    private const int MaxDepth = 64;

    /// <summary>The root mapping (empty for an empty file), or null after reporting why there is none.</summary>
    public static YamlMappingNode? Parse(string yaml, ConfigReadContext context)
    {
        if (!CheckSyntax(yaml, context))
            return null;
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            // Building nodes finds what the event stream alone does not: duplicate keys, unknown aliases.
            ReportSyntax(ex, context);
            return null;
        }
        if (stream.Documents.Count > 1)
        {
            context.Error(FileKey, $"must hold one YAML document (found {stream.Documents.Count})");
            return null;
        }
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        if (root is YamlMappingNode mapping)
            return mapping;
        if (YamlMapReader.IsNull(root))
            return new YamlMappingNode();
        context.Error(FileKey, "the top level must be a mapping of sections (server:, storage:, ...)");
        return null;
    }

    /// <summary>Streams the parser's events once: syntax errors and nesting depth, without building nodes.</summary>
    private static bool CheckSyntax(string yaml, ConfigReadContext context)
    {
        var parser = new Parser(new StringReader(yaml));
        var depth = 0;
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is MappingStart or SequenceStart && ++depth > MaxDepth)
                {
                    context.Error(FileKey, $"nesting deeper than {MaxDepth} levels at line {parser.Current.Start.Line}");
                    return false;
                }
                if (parser.Current is MappingEnd or SequenceEnd)
                    depth--;
            }
            return true;
        }
        catch (YamlException ex)
        {
            ReportSyntax(ex, context);
            return false;
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some truncated input, e.g. "a: [1,".
            var at = parser.Current?.End;
            context.Error(FileKey, $"YAML syntax error after line {at?.Line ?? 1}, column {at?.Column ?? 1}: unexpected end or malformed structure");
            return false;
        }
    }

    private static void ReportSyntax(YamlException ex, ConfigReadContext context) =>
        context.Error(FileKey, $"YAML syntax error at line {ex.Start.Line}, column {ex.Start.Column}: {ex.Message}");
}
