using System.Runtime.CompilerServices;

namespace Vigil.Core.Runtime;

/// <summary>
/// Monitors by one key: an open-addressing hash table (linear probing) with lock-free reads and writes under one lock.
/// It exists for memory: a ConcurrentDictionary entry is a 48–56 byte node plus a bucket, while a slot here is the key
/// and a reference in two flat arrays (24 bytes for a Guid, 16 for a string) and nothing per entry to collect.
/// </summary>
/// <remarks>
/// Readers take the current table once and probe it without a lock. A slot goes empty → filled → removed (a
/// tombstone) and never back, so a key a reader compared cannot change under it: the key is written before the
/// value is published, and removal only replaces the value. Tombstones are dropped when the writer rebuilds the
/// table into new arrays and publishes them; a reader still on the old arrays sees the index as it was.
/// </remarks>
internal sealed class MonitorIndex<TKey> where TKey : notnull
{
    private const double MaxLoad = 0.8; // linear probing stays short below this
    private static readonly object Tombstone = new();

    private readonly Lock _writeGate = new();
    private Table _table;
    private int _count;

    public MonitorIndex(int capacity = 16) => _table = new Table(SlotsFor(capacity));

    public int Count => Volatile.Read(ref _count);

    public bool TryGet(TKey key, out MonitorRuntime monitor)
    {
        var table = Volatile.Read(ref _table);
        var keys = table.Keys;
        var values = table.Values;
        for (var i = table.Home(key); ; i = i + 1 == keys.Length ? 0 : i + 1)
        {
            var value = Volatile.Read(ref values[i]);
            if (value is null)
                break; // an empty slot ends the probe: the key was never placed further on
            if (!ReferenceEquals(value, Tombstone) && EqualityComparer<TKey>.Default.Equals(keys[i], key))
            {
                monitor = Unsafe.As<MonitorRuntime>(value);
                return true;
            }
        }
        monitor = null!;
        return false;
    }

    /// <summary>Adds <paramref name="monitor"/> under <paramref name="key"/>; false if the key is taken.</summary>
    public bool TryAdd(TKey key, MonitorRuntime monitor)
    {
        lock (_writeGate)
        {
            if (TryGet(key, out _))
                return false;
            var table = _table;
            if (table.Filled + 1 > table.Keys.Length * MaxLoad)
            {
                table = Rebuild(table, _count + 1);
                Volatile.Write(ref _table, table); // readers see the new arrays only once they are filled
            }
            var i = table.Home(key);
            while (table.Values[i] is not null)
                i = i + 1 == table.Keys.Length ? 0 : i + 1;
            table.Keys[i] = key;
            Volatile.Write(ref table.Values[i], monitor); // publishes the key written above
            table.Filled++;
            _count++;
            return true;
        }
    }

    /// <summary>Removes <paramref name="key"/> if it maps to <paramref name="monitor"/>.</summary>
    public bool TryRemove(TKey key, MonitorRuntime monitor)
    {
        lock (_writeGate)
        {
            var table = _table;
            for (var i = table.Home(key); table.Values[i] is { } value; i = i + 1 == table.Keys.Length ? 0 : i + 1)
            {
                if (ReferenceEquals(value, Tombstone) || !EqualityComparer<TKey>.Default.Equals(table.Keys[i], key))
                    continue;
                if (!ReferenceEquals(value, monitor))
                    return false;
                Volatile.Write(ref table.Values[i], Tombstone);
                _count--;
                return true;
            }
            return false;
        }
    }

    /// <summary>Every monitor in the table current when enumeration starts; no lock, no copy.</summary>
    public IEnumerable<MonitorRuntime> Values
    {
        get
        {
            var values = Volatile.Read(ref _table).Values;
            for (var i = 0; i < values.Length; i++)
                if (Volatile.Read(ref values[i]) is { } value && !ReferenceEquals(value, Tombstone))
                    yield return Unsafe.As<MonitorRuntime>(value);
        }
    }

    private static Table Rebuild(Table old, int needed)
    {
        var table = new Table(SlotsFor(Math.Max(needed * 2L, 16)));
        for (var j = 0; j < old.Values.Length; j++)
        {
            var value = old.Values[j];
            if (value is null || ReferenceEquals(value, Tombstone))
                continue;
            var i = table.Home(old.Keys[j]);
            while (table.Values[i] is not null)
                i = i + 1 == table.Keys.Length ? 0 : i + 1;
            table.Keys[i] = old.Keys[j];
            table.Values[i] = value;
            table.Filled++;
        }
        return table;
    }

    private static int SlotsFor(long entries) => (int)Math.Min(Array.MaxLength, (long)(entries / MaxLoad) + 1);

    private sealed class Table(int slots)
    {
        public readonly TKey[] Keys = new TKey[slots];
        public readonly object?[] Values = new object?[slots];
        public int Filled; // live slots plus tombstones: what probing has to walk past

        // Multiply-shift onto [0, slots): the table need not be a power of two, so its size follows the count.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Home(TKey key) => (int)(((ulong)(uint)key.GetHashCode() * (ulong)Keys.Length) >> 32);
    }
}
