using System.Globalization;
using System.Text.Json;

namespace Vigil.Checks.Probes.Http;

/// <summary>What a <see cref="JsonPath"/> lookup found.</summary>
internal enum JsonPathOutcome
{
    Found,
    NotFound,
    InvalidPath,
}

/// <summary>
/// The small subset of JSON path that monitors need: <c>$</c>, then any of <c>.name</c>, <c>[index]</c> and
/// <c>['name']</c> / <c>["name"]</c> (for names with dots or brackets). No wildcards, filters or escapes.
/// Walks the document while it parses the path, so a lookup allocates nothing.
/// </summary>
internal static class JsonPath
{
    public static JsonPathOutcome Find(JsonElement root, string path, out JsonElement found)
    {
        found = default;
        var rest = path.AsSpan().Trim();
        if (rest.IsEmpty || rest[0] != '$')
            return JsonPathOutcome.InvalidPath;
        rest = rest[1..];
        var current = root;
        var missing = false;
        while (!rest.IsEmpty)
        {
            if (rest[0] == '.')
            {
                var end = rest[1..].IndexOfAny('.', '[');
                var name = end < 0 ? rest[1..] : rest.Slice(1, end);
                if (name.IsEmpty)
                    return JsonPathOutcome.InvalidPath;
                missing = missing || !TryGetProperty(current, name, out current);
                rest = end < 0 ? [] : rest[(end + 1)..];
            }
            else if (rest[0] == '[' && rest.Length > 1 && rest[1] is '\'' or '"')
            {
                var quote = rest[1];
                var close = rest[2..].IndexOf(quote);
                if (close < 0 || rest.Length < close + 4 || rest[close + 3] != ']')
                    return JsonPathOutcome.InvalidPath;
                missing = missing || !TryGetProperty(current, rest.Slice(2, close), out current);
                rest = rest[(close + 4)..];
            }
            else if (rest[0] == '[')
            {
                var close = rest.IndexOf(']');
                if (close < 0 || !int.TryParse(rest[1..close], NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                    return JsonPathOutcome.InvalidPath;
                missing = missing || !TryGetItem(current, index, out current);
                rest = rest[(close + 1)..];
            }
            else
                return JsonPathOutcome.InvalidPath;
        }
        found = current;
        // The whole path is parsed even after a miss, so a typo is reported as such rather than as "not found".
        return missing ? JsonPathOutcome.NotFound : JsonPathOutcome.Found;
    }

    private static bool TryGetProperty(JsonElement element, ReadOnlySpan<char> name, out JsonElement value)
    {
        value = default;
        return element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out value);
    }

    private static bool TryGetItem(JsonElement element, int index, out JsonElement value)
    {
        value = default;
        if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength())
            return false;
        value = element[index];
        return true;
    }
}
