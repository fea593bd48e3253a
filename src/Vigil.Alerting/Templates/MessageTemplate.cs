using System.Globalization;
using System.Text;

namespace Vigil.Alerting.Templates;

/// <summary>
/// The text of an alert with placeholders: <c>{name}</c>, <c>{slug}</c>, <c>{status}</c>, <c>{reason}</c>,
/// <c>{time}</c> (UTC, ISO 8601), <c>{link}</c> (empty when unknown) and <c>{kind}</c>; <c>{{</c> and <c>}}</c> are
/// literal braces. Values go in verbatim: each channel escapes the rendered text for its own format.
/// </summary>
public sealed class MessageTemplate
{
    public const int MaxLength = 2000;

    public static readonly IReadOnlyList<string> Placeholders = ["name", "slug", "status", "reason", "time", "link", "kind"];

    // Literal text, or a placeholder name when IsField.
    private readonly IReadOnlyList<(bool IsField, string Text)> _parts;

    private MessageTemplate(string text, IReadOnlyList<(bool IsField, string Text)> parts)
    {
        Text = text;
        _parts = parts;
    }

    public string Text { get; }

    /// <summary>The template, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static MessageTemplate? Parse(string text, out string? error)
    {
        error = null;
        if (text.Length is 0 or > MaxLength)
        {
            error = $"must be 1 to {MaxLength} characters";
            return null;
        }
        var parts = new List<(bool, string)>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if ((c == '{' || c == '}') && i + 1 < text.Length && text[i + 1] == c)
            {
                literal.Append(c);
                i++;
            }
            else if (c == '{')
            {
                var end = text.IndexOf('}', i + 1);
                var name = end < 0 ? null : text[(i + 1)..end];
                if (name is null || !Placeholders.Contains(name))
                {
                    error = name is null
                        ? $"has an unclosed '{{' at position {i} (write {{{{ for a literal brace)"
                        : $"has an unknown placeholder {{{name}}} (known: {string.Join(", ", Placeholders.Select(p => "{" + p + "}"))})";
                    return null;
                }
                if (literal.Length > 0)
                    parts.Add((false, literal.ToString()));
                literal.Clear();
                parts.Add((true, name));
                i = end;
            }
            else if (c == '}')
            {
                error = $"has an unmatched '}}' at position {i} (write }}}} for a literal brace)";
                return null;
            }
            else
            {
                literal.Append(c);
            }
        }
        if (literal.Length > 0)
            parts.Add((false, literal.ToString()));
        return new MessageTemplate(text, parts);
    }

    /// <summary>Parses a template known to be valid (the defaults).</summary>
    internal static MessageTemplate Of(string text) =>
        Parse(text, out var error) ?? throw new ArgumentException(error, nameof(text));

    /// <summary>The text; <paramref name="escapeValue"/> (when given) escapes each inserted value, not the template's own text.</summary>
    public string Render(AlertMessage alert, Func<string, string>? escapeValue = null)
    {
        var text = new StringBuilder();
        foreach (var (isField, part) in _parts)
            text.Append(isField ? (escapeValue is null ? Value(alert, part) : escapeValue(Value(alert, part))) : part);
        return text.ToString();
    }

    /// <summary>The time as alerts show it: UTC, to the second.</summary>
    public static string FormatTime(DateTimeOffset at) =>
        at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The kind as payloads name it: "down", "up", "reminder", "flapping", "summary".</summary>
    public static string KindName(AlertKind kind) => kind.ToString().ToLowerInvariant();

    private static string Value(AlertMessage alert, string field) => field switch
    {
        "name" => alert.MonitorName,
        "slug" => alert.MonitorSlug,
        "status" => alert.MonitorStatus,
        "reason" => alert.Reason,
        "time" => FormatTime(alert.At),
        "link" => alert.Link ?? "",
        "kind" => KindName(alert.Kind),
        _ => throw new InvalidOperationException($"placeholder {field} passed parsing"),
    };
}
