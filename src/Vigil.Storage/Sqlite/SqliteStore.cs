using Microsoft.Data.Sqlite;

namespace Vigil.Storage.Sqlite;

/// <summary>
/// The embedded default store: one SQLite file in WAL mode. One connection writes (the batching writer's thread);
/// reads use pooled connections of their own, which WAL lets run beside the writer.
/// synchronous=FULL makes a committed batch survive power loss, not only a killed process.
/// </summary>
public sealed partial class SqliteStore : IVigilStore
{
    public const string FileName = "vigil.db";

    private readonly string _readConnectionString;
    private readonly SqliteConnection _writer;
    private int _disposed;

    /// <param name="stateCheckpointInterval">How often monitor state columns are written (default 1 s); see SqliteStore.State.cs.</param>
    /// <param name="rollupFlushInterval">How often check rollups are written (default 10 s); see SqliteStore.Checks.cs.</param>
    public SqliteStore(string dataDirectory, TimeSpan? stateCheckpointInterval = null, TimeSpan? rollupFlushInterval = null)
    {
        _checkpointEvery = stateCheckpointInterval ?? TimeSpan.FromSeconds(1);
        _rollupFlushEvery = rollupFlushInterval ?? TimeSpan.FromSeconds(10);
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var builder = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 };
        _readConnectionString = builder.ToString();
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        // wal_autocheckpoint=0: the writer's commits never stop to copy the WAL into the database; a timer does it
        // from its own connection (PASSIVE: it never blocks the writer).
        // cache_size 16 MiB: pings are appended and never read back by the writer, so a larger cache only fills with
        // them, and resident memory grew by its whole size during a soak (64 MiB took about 15 minutes at 2,000/s).
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; " +
                         "PRAGMA cache_size=-16384; PRAGMA wal_autocheckpoint=0;");
        _writeCommands = new WriteCommands(_writer);
        _walCheckpoints = new Timer(_ => CheckpointWal(), null, WalCheckpointEvery, WalCheckpointEvery);
    }

    private static readonly TimeSpan WalCheckpointEvery = TimeSpan.FromSeconds(1);
    private readonly Timer _walCheckpoints;
    private readonly Lock _walGate = new();

    private void CheckpointWal()
    {
        if (!_walGate.TryEnter())
            return;
        try
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                using var connection = OpenReader();
                Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
            }
        }
        catch (SqliteException)
        {
            // Busy or closing: the next tick retries; the WAL only grows meanwhile.
        }
        finally
        {
            _walGate.Exit();
        }
    }

    public string DatabasePath { get; }

    private readonly PingChains _chains = new();
    // Ping ids are handed out by the writer (so each row can name its predecessor without a read) and never reused.
    private long _nextPingId = 1;
    private readonly Dictionary<long, long> _batchHeads = [];

    public void Migrate()
    {
        SqliteMigrator.Migrate(_writer);
        LoadChains();
    }

    /// <summary>Chain heads from the monitors' checkpointed last_ping_id, then from the pings written after it.</summary>
    /// <remarks>
    /// On a reader connection: these scans read the whole monitor table, and through the writer they filled its
    /// 64 MiB page cache with it (70 MB of resident memory at a million monitors, kept for good).
    /// </remarks>
    private void LoadChains()
    {
        using var connection = OpenReader();
        using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT seq, last_ping_id FROM monitor WHERE last_ping_id > 0 UNION ALL " +
            "SELECT monitor, max(id) FROM ping WHERE id > coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = @key), 0) GROUP BY monitor";
        command.Parameters.AddWithValue("@key", CheckpointMetaKey);
        using (var r = command.ExecuteReader())
            while (r.Read())
                if (r.GetInt64(1) > _chains.Head(r.GetInt64(0)))
                    _chains.SetHead(r.GetInt64(0), r.GetInt64(1));
        // Never reuse an id, even when retention has emptied the table: chains and cursors name ids.
        command.CommandText = "SELECT max(coalesce((SELECT max(id) FROM ping), 0), coalesce((SELECT max(last_ping_id) FROM monitor), 0), " +
                              "coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = @key), 0)) + 1";
        _nextPingId = Math.Max(_nextPingId, (long)command.ExecuteScalar()!);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _walCheckpoints.Dispose();
        lock (_walGate)
            _writeCommands.Dispose();
        Execute(_writer, "PRAGMA wal_checkpoint(TRUNCATE);");
        _writer.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private SqliteConnection OpenReader()
    {
        var connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
