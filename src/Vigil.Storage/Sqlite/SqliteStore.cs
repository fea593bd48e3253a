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

    public SqliteStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        DatabasePath = Path.GetFullPath(Path.Combine(dataDirectory, FileName));
        var builder = new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = true, DefaultTimeout = 30 };
        _readConnectionString = builder.ToString();
        _writer = new SqliteConnection(builder.ToString());
        _writer.Open();
        Execute(_writer, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=30000; PRAGMA temp_store=MEMORY; PRAGMA cache_size=-65536;");
        _writeCommands = new WriteCommands(_writer);
    }

    public string DatabasePath { get; }

    public void Migrate() => SqliteMigrator.Migrate(_writer);

    public bool Probe()
    {
        try
        {
            using var connection = OpenReader();
            Execute(connection, "SELECT 1 FROM meta LIMIT 1");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
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
