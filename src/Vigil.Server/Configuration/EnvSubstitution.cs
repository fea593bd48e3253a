using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>
/// <c>${NAME}</c> in a value is replaced by the environment variable NAME, so secrets need not be written in the file
/// (<c>password: ${SMTP_PASSWORD}</c>, <c>url: https://hooks.slack.com/services/${SLACK_TOKEN}</c>). <c>$${</c> is a
/// literal <c>${</c>. A variable that is unset or empty is an error naming the key and the variable, never its value.
/// A value with a substitution is a string. Works on a copy: the document itself is left as it was.
/// </summary>
internal static partial class EnvSubstitution
{
    public static YamlNode Apply(YamlNode node, string path, ConfigReadContext context) => node switch
    {
        YamlMappingNode mapping => Mapping(mapping, path, context),
        YamlSequenceNode sequence => Sequence(sequence, path, context),
        YamlScalarNode { Value: { } text } scalar when text.Contains("${", StringComparison.Ordinal) => Scalar(scalar, text, path, context),
        _ => node,
    };

    private static YamlMappingNode Mapping(YamlMappingNode mapping, string path, ConfigReadContext context)
    {
        var copy = new YamlMappingNode();
        foreach (var (key, value) in mapping.Children)
            copy.Add(key, key is YamlScalarNode { Value: { } name } ? Apply(value, $"{path}.{name}", context) : value);
        return copy;
    }

    private static YamlSequenceNode Sequence(YamlSequenceNode sequence, string path, ConfigReadContext context)
    {
        var copy = new YamlSequenceNode();
        for (var i = 0; i < sequence.Children.Count; i++)
            copy.Add(Apply(sequence.Children[i], $"{path}[{i}]", context));
        return copy;
    }

    private static YamlNode Scalar(YamlScalarNode scalar, string text, string path, ConfigReadContext context)
    {
        var result = new StringBuilder(text.Length);
        var at = 0;
        foreach (Match match in Reference().Matches(text))
        {
            result.Append(text, at, match.Index - at);
            at = match.Index + match.Length;
            if (match.Value == "$${")
            {
                result.Append("${");
                continue;
            }
            var name = match.Groups[1].Value;
            if (!match.Value.EndsWith('}') || name.Length == 0)
            {
                context.Error(path, "'${' must start a reference to an environment variable such as ${SMTP_PASSWORD} (write $${ for a literal ${)");
                return scalar;
            }
            if (!context.Environment.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
            {
                context.Error(path, $"the environment variable {name} is {(value is null ? "not set" : "empty")}");
                return scalar;
            }
            result.Append(value);
        }
        result.Append(text, at, text.Length - at);
        // Double-quoted: a secret of digits stays a string.
        return new YamlScalarNode(result.ToString()) { Style = ScalarStyle.DoubleQuoted };
    }

    /// <summary><c>$${</c>, or <c>${NAME}</c>, or a <c>${</c> that is neither (reported).</summary>
    [GeneratedRegex(@"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{")]
    private static partial Regex Reference();
}
