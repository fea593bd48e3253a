using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Vigil.Server.Configuration;

/// <summary>
/// Reads one YAML mapping whose keys the caller knows. Each typed read names its key, so every error carries the
/// full key path; <see cref="Finish"/> then reports the keys nobody asked for. A missing or null value takes the
/// fallback. Bad values are reported and also replaced by the fallback, so reading goes on and all errors are collected.
/// </summary>
internal sealed partial class YamlMapReader
{
    private const int MaxShownLength = 80;
    private readonly ConfigReadContext _context;
    private readonly Dictionary<string, YamlNode> _entries = new(StringComparer.Ordinal);
    private readonly List<string> _asked = [];

    public YamlMapReader(ConfigReadContext context, string path, YamlNode? node)
    {
        _context = context;
        Path = path;
        if (node is YamlMappingNode mapping)
        {
            foreach (var (key, value) in mapping.Children)
            {
                if (key is YamlScalarNode { Value: { } name })
                    _entries[name] = value;
                else
                    context.Error(path.Length == 0 ? "(file)" : path, "keys must be plain names, not lists or mappings");
            }
        }
        else if (!IsNull(node))
        {
            context.ValueError(path, node, "must be a mapping");
            IsMapping = false;
        }
    }

    public string Path { get; }

    public ConfigReadContext Context => _context;

    /// <summary>False when the node was some other kind (already reported); the reader then acts as empty.</summary>
    public bool IsMapping { get; } = true;

    public string Child(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

    public YamlMapReader Map(string key)
    {
        _context.Sections.Add(Child(key));
        return new YamlMapReader(_context, Child(key), Take(key));
    }

    /// <summary>The list at <paramref name="key"/>, or null when absent (or not a list, which is reported).</summary>
    public YamlSequenceNode? List(string key)
    {
        _context.Lists.Add(Child(key));
        var node = Take(key);
        if (node is null or YamlSequenceNode)
            return (YamlSequenceNode?)node;
        _context.ValueError(Child(key), node, "must be a list");
        return null;
    }

    public int Int(string key, int fallback, int min, int max) => (int)Long(key, fallback, min, max);

    public long Long(string key, long fallback, long min, long max)
    {
        var expected = $"must be an integer between {min} and {max}";
        if (Scalar(key, expected, out var node) is not { } text)
            return fallback;
        if (!TryParseInteger(text, out var value))
        {
            _context.ValueError(Child(key), node, $"{expected} (got '{Shorten(text)}')");
            return fallback;
        }
        if (value < min || value > max)
        {
            _context.ValueError(Child(key), node, $"must be between {min} and {max} (got {value})");
            return fallback;
        }
        return value;
    }

    /// <summary>An integer without a range (the caller validates it), or null when absent.</summary>
    public long? OptionalLong(string key)
    {
        if (Scalar(key, "must be an integer", out var node) is not { } text)
            return null;
        if (TryParseInteger(text, out var value))
            return value;
        _context.ValueError(Child(key), node, $"must be an integer (got '{Shorten(text)}')");
        return null;
    }

    public bool Bool(string key, bool fallback)
    {
        const string Expected = "must be true or false";
        if (Scalar(key, Expected, out var node) is not { } text)
            return fallback;
        if (bool.TryParse(text.Trim(), out var value))
            return value;
        _context.ValueError(Child(key), node, $"{Expected} (got '{Shorten(text)}')");
        return fallback;
    }

    /// <summary>A string. <paramref name="check"/> returns a complete error message or null. This method never puts
    /// the value in a message itself, so a check for a secret simply leaves it out.</summary>
    public string? Text(string key, string? fallback, Func<string, string?>? check = null)
    {
        if (Scalar(key, "must be a string", out var node) is not { } text)
            return fallback;
        if (check?.Invoke(text) is { } problem)
        {
            _context.ValueError(Child(key), node, problem);
            return fallback;
        }
        return text;
    }

    /// <summary>One of an enum's names, lower-case in YAML (<c>commit</c>, <c>buffered</c>); case-insensitive.
    /// <paramref name="check"/> can refuse a known name (a complete message, or null when fine).</summary>
    public TEnum Choice<TEnum>(string key, TEnum fallback, Func<TEnum, string?>? check = null)
        where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()).ToArray();
        var expected = $"must be one of {string.Join(", ", names)}";
        if (Scalar(key, expected, out var node) is not { } text)
            return fallback;
        if (Array.IndexOf(names, text.Trim().ToLowerInvariant()) < 0)
        {
            _context.ValueError(Child(key), node, $"{expected} (got '{Shorten(text)}')");
            return fallback;
        }
        var value = Enum.Parse<TEnum>(text.Trim(), ignoreCase: true);
        if (check?.Invoke(value) is not { } problem)
            return value;
        _context.ValueError(Child(key), node, problem);
        return fallback;
    }

    /// <summary>A byte size written as digits with an optional k, m or g suffix (powers of 1024), e.g. <c>64m</c>.</summary>
    public long Size(string key, long fallback, long min, long max)
    {
        var expected = "must be a size: digits with an optional k, m or g suffix, like 64m";
        if (Scalar(key, expected, out var node) is not { } text)
            return fallback;
        var match = SizePattern().Match(text.Trim());
        if (!match.Success)
        {
            _context.ValueError(Child(key), node, $"{expected} (got '{Shorten(text)}')");
            return fallback;
        }
        var shift = char.ToLowerInvariant(match.Groups[2].Value.FirstOrDefault()) switch { 'k' => 10, 'm' => 20, 'g' => 30, _ => 0 };
        var inRange = long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            && number <= max >> shift && number << shift >= min;
        if (inRange)
            return number << shift;
        _context.ValueError(Child(key), node, $"must be between {FormatSize(min)} and {FormatSize(max)} (got '{Shorten(text)}')");
        return fallback;
    }

    /// <summary>A list of strings (tags), or null when absent.</summary>
    public IReadOnlyList<string>? TextList(string key)
    {
        var node = Take(key);
        _context.Leaves.Add(Child(key));
        if (node is null)
            return null;
        if (node is not YamlSequenceNode sequence)
        {
            _context.ValueError(Child(key), node, "must be a list of strings");
            return null;
        }
        var items = new List<string>(sequence.Children.Count);
        for (var i = 0; i < sequence.Children.Count; i++)
        {
            if (sequence.Children[i] is YamlScalarNode scalar)
                items.Add(IsNull(scalar) ? "" : scalar.Value ?? "");
            else
                _context.ValueError($"{Child(key)}[{i}]", sequence.Children[i], "must be a string");
        }
        return items;
    }

    /// <summary>A value another reader checks (alert rules), as JSON; null when absent. The keys inside it are not in
    /// the schema, so only the file can set it (an override naming one is told so).</summary>
    public System.Text.Json.JsonElement? Json(string key)
    {
        _context.Lists.Add(Child(key));
        if (Take(key) is not { } node)
            return null;
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
            YamlJson.Write(writer, node);
        using var document = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>A key that is known but may not be set here; reported with <paramref name="message"/> when present.</summary>
    public void Forbid(string key, string message)
    {
        if (Take(key) is { } node)
            _context.ValueError(Child(key), node, message);
    }

    /// <summary>Every key no read has asked for yet, as one JSON object (null when there are none); they count as asked.</summary>
    public System.Text.Json.JsonElement? RestAsJson()
    {
        var rest = _entries.Where(e => !_asked.Contains(e.Key)).ToList();
        if (rest.Count == 0)
            return null;
        using var buffer = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, node) in rest)
            {
                _asked.Add(key);
                writer.WritePropertyName(key);
                YamlJson.Write(writer, node);
            }
            writer.WriteEndObject();
        }
        using var document = System.Text.Json.JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    /// <summary>Reports every key in the mapping that no read asked for, suggesting a close known key.</summary>
    public void Finish()
    {
        foreach (var key in _entries.Keys.Where(k => !_asked.Contains(k)))
        {
            var suggestion = KeySuggestions.Closest(key, _asked);
            _context.Error(Child(key), suggestion is not null
                ? $"unknown key (did you mean '{suggestion}'?)"
                : $"unknown key (known keys here: {string.Join(", ", _asked)})");
        }
    }

    /// <summary>YAML null: no value, <c>~</c> or <c>null</c>, unquoted. A quoted <c>''</c> is an empty string, not null.</summary>
    public static bool IsNull(YamlNode? node) =>
        node is null || node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private YamlNode? Take(string key)
    {
        _asked.Add(key);
        return _entries.TryGetValue(key, out var node) && !IsNull(node) ? node : null;
    }

    private string? Scalar(string key, string expected, out YamlNode? node)
    {
        _context.Leaves.Add(Child(key));
        node = Take(key);
        switch (node)
        {
            case null:
                return null;
            case YamlScalarNode scalar:
                return scalar.Value ?? "";
            default:
                _context.ValueError(Child(key), node, $"{expected} (got {(node is YamlSequenceNode ? "a list" : "a mapping")})");
                return null;
        }
    }

    private static bool TryParseInteger(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    private static string Shorten(string text) => text.Length <= MaxShownLength ? text : text[..(MaxShownLength - 3)] + "...";

    private static string FormatSize(long bytes) => bytes switch
    {
        _ when bytes >= 1L << 30 && bytes % (1L << 30) == 0 => $"{bytes >> 30}g",
        _ when bytes >= 1L << 20 && bytes % (1L << 20) == 0 => $"{bytes >> 20}m",
        _ when bytes >= 1L << 10 && bytes % (1L << 10) == 0 => $"{bytes >> 10}k",
        _ => $"{bytes}",
    };

    [GeneratedRegex("^([0-9]{1,19})([kKmMgG]?)$")]
    private static partial Regex SizePattern();
}
