using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Schedules;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// Pings into SQLite as the server stores them: a real <see cref="SqliteStore"/> (WAL, synchronous=FULL) in a temp
/// directory with <c>monitors</c> monitors. <see cref="AppendAndCommit"/> goes through the <see cref="BatchWriter"/> in
/// commit mode (each call appends <see cref="PingsPerCall"/> pings and waits until the last is durable, so the writer
/// thread's group commits are included); <see cref="WriteBatch"/> hands the same number to the store as one batch
/// (one transaction), which is what the writer thread does with a full batch. The database grows as it runs.
/// </summary>
public sealed class BatchWriterWorkload : IDisposable
{
    public const int PingsPerCall = 1_000;

    private readonly string _dataDir;
    private readonly SqliteStore _store;
    private readonly BatchWriter _writer;
    private readonly long[] _seqs;
    private readonly List<WriteItem> _batch = new(PingsPerCall);
    private readonly PingSource _source = new("POST", "127.0.0.1", "bench");
    private int _next;

    public BatchWriterWorkload(int monitors = 1_000)
    {
        _dataDir = Directory.CreateTempSubdirectory("vigil-bench-writer-").FullName;
        _store = new SqliteStore(_dataDir);
        _store.Migrate();
        _writer = new BatchWriter(_store, WriterOptions.Default, NullLogger<BatchWriter>.Instance);
        _writer.Start();
        var now = TimeProvider.System.GetUtcNow();
        var schedule = new SimpleSchedule(TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        _seqs = new long[monitors];
        var created = new List<Task>(monitors);
        for (var i = 0; i < monitors; i++)
        {
            var definition = new MonitorDefinition(Guid.NewGuid(), $"bench {i}", $"bench-{i}", [], "", schedule, false, now);
            _seqs[i] = i + 1;
            created.Add(_writer.Submit(new CreateMonitor(new MonitorRecord(i + 1, definition, MonitorStateRecord.New))));
        }
        Task.WaitAll(created);
    }

    /// <summary><see cref="PingsPerCall"/> pings through the batching writer; returns once the last is committed.</summary>
    public void AppendAndCommit()
    {
        var now = TimeProvider.System.GetUtcNow();
        var last = Task.CompletedTask;
        for (var i = 0; i < PingsPerCall; i++)
            last = _writer.Append(NextPing(now));
        last.GetAwaiter().GetResult(); // batches commit in order, so the last one's commit covers the rest
    }

    /// <summary><see cref="PingsPerCall"/> pings written by the store in one transaction, as the writer thread does.</summary>
    public void WriteBatch()
    {
        var now = TimeProvider.System.GetUtcNow();
        _batch.Clear();
        for (var i = 0; i < PingsPerCall; i++)
            _batch.Add(new WriteItem(NextPing(now)));
        _store.Write(_batch);
    }

    private PingEvent NextPing(DateTimeOffset now)
    {
        var i = _next;
        _next = i + 1 == _seqs.Length ? 0 : i + 1;
        return new PingEvent(Guid.Empty, _seqs[i], now, PingKind.Success, -1, -1, null, null, false, _source);
    }

    public void Dispose()
    {
        _writer.DrainAsync().GetAwaiter().GetResult();
        _store.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
