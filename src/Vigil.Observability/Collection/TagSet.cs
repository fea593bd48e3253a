using System.Runtime.CompilerServices;

namespace Vigil.Observability.Collection;

/// <summary>
/// A measurement's tags, sorted by key, as a dictionary key that lives on the stack: finding a series costs no
/// allocation. Holds up to <see cref="MaxTags"/> tags; further tags (by key order) are dropped, since no Vigil or
/// runtime instrument has more than three.
/// </summary>
public readonly struct TagSet : IEquatable<TagSet>
{
    public const int MaxTags = 4;

    private readonly Tags _tags;
    private readonly int _hash;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var count = 0;
        foreach (var tag in tags)
        {
            // Insertion sort: at most a handful of tags.
            var at = count;
            while (at > 0 && string.CompareOrdinal(_tags[at - 1].Key, tag.Key) > 0)
                at--;
            if (at >= MaxTags)
                continue;
            for (var i = Math.Min(count, MaxTags - 1); i > at; i--)
                _tags[i] = _tags[i - 1];
            _tags[at] = tag;
            count = Math.Min(count + 1, MaxTags);
        }
        Count = count;
        var hash = new HashCode();
        for (var i = 0; i < count; i++)
        {
            hash.Add(_tags[i].Key, StringComparer.Ordinal);
            hash.Add(_tags[i].Value);
        }
        _hash = hash.ToHashCode();
    }

    public int Count { get; }

    public KeyValuePair<string, object?> this[int index] => (uint)index < (uint)Count ? _tags[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public bool Equals(TagSet other)
    {
        if (_hash != other._hash || Count != other.Count)
            return false;
        for (var i = 0; i < Count; i++)
            if (!string.Equals(_tags[i].Key, other._tags[i].Key, StringComparison.Ordinal) || !Equals(_tags[i].Value, other._tags[i].Value))
                return false;
        return true;
    }

    public override bool Equals(object? obj) => obj is TagSet other && Equals(other);

    public override int GetHashCode() => _hash;

    /// <summary>A tag value as label text: invariant culture, booleans in lower case.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [InlineArray(MaxTags)]
    private struct Tags
    {
        private KeyValuePair<string, object?> _first;
    }
}
