namespace Vigil.Storage.Sqlite;

/// <summary>
/// The newest stored ping id of each monitor (the head of its chain), in a dense array indexed by monitor seq:
/// 8 bytes a monitor. The writer thread updates it after each commit; readers on any thread see committed heads.
/// </summary>
internal sealed class PingChains
{
    private long[] _heads = new long[1024];
    private readonly Lock _resize = new();

    public long Head(long seq)
    {
        var heads = Volatile.Read(ref _heads);
        return seq < heads.Length ? Volatile.Read(ref heads[seq]) : 0;
    }

    /// <summary>Writer thread only.</summary>
    public void SetHead(long seq, long id)
    {
        var heads = _heads;
        if (seq >= heads.Length)
        {
            lock (_resize)
            {
                var grown = new long[Math.Max(seq + 1, heads.Length * 2L)];
                heads.CopyTo(grown, 0);
                Volatile.Write(ref _heads, grown);
                heads = grown;
            }
        }
        Volatile.Write(ref heads[seq], id);
    }
}
