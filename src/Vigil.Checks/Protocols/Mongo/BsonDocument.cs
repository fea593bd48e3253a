using System.Collections;

namespace Vigil.Checks.Protocols.Mongo;

/// <summary>
/// An ordered BSON document, enough for commands and their replies. Values are plain .NET values: double, string,
/// <see cref="BsonDocument"/>, <see cref="IReadOnlyList{T}"/> of values (array), <see cref="BsonBinary"/>, bool, null,
/// int, long, <see cref="DateTimeOffset"/> (UTC datetime), and <see cref="BsonOpaque"/> for the types the checks only skip.
/// Order matters to MongoDB: the command name must be the first field.
/// </summary>
public sealed class BsonDocument : IEnumerable<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _elements = [];

    public int Count => _elements.Count;

    /// <summary>The first value named <paramref name="name"/>.</summary>
    public object? this[string name] => TryGetValue(name, out var value) ? value : throw new KeyNotFoundException($"no field {name}");

    public void Add(string name, object? value) => _elements.Add(new(name, value));

    public bool TryGetValue(string name, out object? value)
    {
        foreach (var element in _elements)
        {
            if (element.Key == name)
            {
                value = element.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _elements.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
