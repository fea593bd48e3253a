using System.Collections.Frozen;

namespace Vigil.Alerting.Channels;

/// <summary>
/// The live channels by id and by name (names unique ignoring case). Reads are lock-free: they see one immutable
/// snapshot, so a rename is never half-visible. Changes are rare (API edits, start-up) and rebuild the snapshot under a lock.
/// </summary>
public sealed class ChannelDirectory
{
    private readonly Lock _changes = new();
    private volatile Snapshot _current = Snapshot.Of([]);

    public IReadOnlyCollection<LiveChannel> All => _current.Ordered;

    public int Count => _current.Ordered.Length;

    public bool TryGet(Guid id, out LiveChannel channel) => _current.ById.TryGetValue(id, out channel!);

    public bool TryGetByName(string name, out LiveChannel channel) => _current.ByName.TryGetValue(name, out channel!);

    /// <summary>By id when <paramref name="idOrName"/> is a UUID, else by name.</summary>
    public bool TryResolve(string idOrName, out LiveChannel channel) =>
        Guid.TryParse(idOrName, out var id) ? TryGet(id, out channel) : TryGetByName(idOrName, out channel);

    /// <summary>Adds a channel; false when its id or name is taken.</summary>
    public bool TryAdd(LiveChannel channel)
    {
        lock (_changes)
        {
            var current = _current;
            if (current.ById.ContainsKey(channel.Definition.Id) || current.ByName.ContainsKey(channel.Definition.Name))
                return false;
            _current = Snapshot.Of([.. current.Ordered, channel]);
            return true;
        }
    }

    /// <summary>Replaces the channel with the same id; false when there is none or another channel has the new name.</summary>
    public bool TryReplace(LiveChannel channel)
    {
        lock (_changes)
        {
            var current = _current;
            var id = channel.Definition.Id;
            if (!current.ById.ContainsKey(id)
                || (current.ByName.TryGetValue(channel.Definition.Name, out var named) && named.Definition.Id != id))
                return false;
            _current = Snapshot.Of([.. current.Ordered.Select(c => c.Definition.Id == id ? channel : c)]);
            return true;
        }
    }

    public bool TryRemove(Guid id, out LiveChannel removed)
    {
        lock (_changes)
        {
            var current = _current;
            if (!current.ById.TryGetValue(id, out removed!))
                return false;
            _current = Snapshot.Of([.. current.Ordered.Where(c => c.Definition.Id != id)]);
            return true;
        }
    }

    /// <summary>Oldest first, as the API lists them.</summary>
    private sealed record Snapshot(LiveChannel[] Ordered, FrozenDictionary<Guid, LiveChannel> ById, FrozenDictionary<string, LiveChannel> ByName)
    {
        public static Snapshot Of(LiveChannel[] channels) => new(
            channels,
            channels.ToFrozenDictionary(c => c.Definition.Id),
            channels.ToFrozenDictionary(c => c.Definition.Name, ChannelNames.Comparer));
    }
}
