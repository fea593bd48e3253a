using System.Text.Json;
using Vigil.Core.Monitors;

namespace Vigil.Core.Checks.Json;

/// <summary>
/// Reads a check's fields from the monitor's JSON object (API body or YAML turned into JSON). Each read names its
/// field, takes the fallback when the field is absent, and on a bad value records a <see cref="FieldError"/> and keeps
/// the fallback, so one pass reports every mistake. <see cref="UnknownFields"/> then lists what nobody read.
/// </summary>
public sealed class CheckFields(JsonElement fields, List<FieldError> errors, string prefix, IReadOnlySet<string> ignored)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public bool HasErrors { get; private set; }

    public void Error(string field, string message)
    {
        HasErrors = true;
        errors.Add(new(prefix + field, message));
    }

    public bool Has(string name) => Find(name, out _);

    public string Text(string name, string fallback, Func<string, string?>? check = null) =>
        Value(name, fallback, v => v.ValueKind == JsonValueKind.String ? Checked(v.GetString()!, check) : (default, "must be a string"));

    /// <summary>A string that may be null; JSON null clears it.</summary>
    public string? OptionalText(string name, string? fallback, Func<string, string?>? check = null) =>
        Value(name, fallback, v => v.ValueKind switch
        {
            JsonValueKind.Null => (null, null),
            JsonValueKind.String => Checked<string?>(v.GetString()!, check is null ? null : s => check(s!)),
            _ => (default, "must be a string or null"),
        });

    public int Int(string name, int fallback, int min, int max) =>
        Value(name, fallback, v => v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= min && n <= max
            ? ((int)n, null)
            : (default, $"must be a whole number from {min} to {max}"));

    public int? OptionalInt(string name, int? fallback, int min, int max) =>
        Value(name, fallback, v => v.ValueKind == JsonValueKind.Null ? (null, null)
            : v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n >= min && n <= max ? ((int?)n, null)
            : (default, $"must be a whole number from {min} to {max}, or null"));

    public bool Bool(string name, bool fallback) =>
        Value(name, fallback, v => v.ValueKind is JsonValueKind.True or JsonValueKind.False ? (v.GetBoolean(), null) : (default, "must be true or false"));

    public TimeSpan Seconds(string name, TimeSpan fallback, int min, int max) =>
        TimeSpan.FromSeconds(Int(name, (int)fallback.TotalSeconds, min, max));

    public TimeSpan? OptionalMilliseconds(string name, TimeSpan? fallback, int min, int max) =>
        OptionalInt(name, fallback is { } f ? (int)f.TotalMilliseconds : null, min, max) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public IReadOnlyList<string> TextList(string name, IReadOnlyList<string> fallback, int maxItems) =>
        Value(name, fallback, v =>
        {
            if (v.ValueKind != JsonValueKind.Array || v.GetArrayLength() > maxItems || v.EnumerateArray().Any(i => i.ValueKind != JsonValueKind.String))
                return (default, $"must be a list of at most {maxItems} strings");
            return ([.. v.EnumerateArray().Select(i => i.GetString()!)], null);
        });

    /// <summary>A JSON object of string values, kept in order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> TextMap(string name, IReadOnlyList<KeyValuePair<string, string>> fallback, int maxItems) =>
        Value(name, fallback, v =>
        {
            if (v.ValueKind != JsonValueKind.Object || v.EnumerateObject().Count() > maxItems || v.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
                return (default, $"must be an object of at most {maxItems} string values");
            return ([.. v.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString()!))], null);
        });

    /// <summary>A field with its own shape; <paramref name="parse"/> returns the value or an error message.</summary>
    public T Custom<T>(string name, T fallback, Func<JsonElement, (T? Value, string? Error)> parse) => Value(name, fallback, parse);

    /// <summary>Fields present that no read asked for and that the monitor itself does not own.</summary>
    public IEnumerable<string> UnknownFields() =>
        fields.ValueKind == JsonValueKind.Object
            ? fields.EnumerateObject().Select(p => p.Name).Where(n => !_read.Contains(n) && !ignored.Contains(n))
            : [];

    /// <summary>Reports every unknown field, listing the known ones of this monitor type.</summary>
    public void RejectUnknown(string type)
    {
        foreach (var name in UnknownFields())
            Error(name, $"is not a field of {type} monitors (known: {string.Join(", ", _read)})");
    }

    private T Value<T>(string name, T fallback, Func<JsonElement, (T? Value, string? Error)> parse)
    {
        _read.Add(name);
        if (!Find(name, out var element))
            return fallback;
        var (value, error) = parse(element);
        if (error is null)
            return value!;
        Error(name, error);
        return fallback;
    }

    private static (T? Value, string? Error) Checked<T>(T value, Func<T, string?>? check) =>
        check?.Invoke(value) is { } error ? (default, error) : (value, null);

    private bool Find(string name, out JsonElement element)
    {
        element = default;
        return fields.ValueKind == JsonValueKind.Object && fields.TryGetProperty(name, out element);
    }
}
