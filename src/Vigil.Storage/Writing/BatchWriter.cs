using System.Diagnostics.Metrics;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.States;

namespace Vigil.Storage.Writing;

/// <summary>
/// The one writer every stored change goes through (group commit). Callers append to the open batch under a short
/// lock and get that batch's completion; a dedicated thread commits whole batches in one transaction each, so the
/// cost of a durable commit is shared by everything that arrived while the previous one was being written.
/// The queue is bounded: past <see cref="WriterOptions.QueueCapacity"/> pings are refused (503), never dropped.
/// </summary>
public sealed class BatchWriter : IEventSink, IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    // Committed batches kept for reuse; more than this are rarely in use at once.
    private const int SpareBatches = 4;

    private readonly IVigilStore _store;
    private readonly WriterOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Queue<Batch> _sealed = new();
    private readonly Stack<Batch> _spare = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Batch _open;
    private int _queued;
    private bool _writerIdle;
    private bool _writerFilling;
    private bool _stopping;
    private Thread? _thread;

    public BatchWriter(IVigilStore store, WriterOptions options, ILogger<BatchWriter> logger, Meter? meter = null)
    {
        Stats = new WriterStats(meter);
        _store = store;
        _options = options;
        _logger = logger;
        _open = NewBatch();
    }

    public WriterStats Stats { get; }

    /// <summary>
    /// Raised on the writer thread after a commit that put rows in the alert outbox (a flip or a notice), so the
    /// alert pipeline reads the outbox when there is something to read instead of polling it.
    /// </summary>
    public event Action? AlertOutboxCommitted;

    /// <summary>Writes queued and not yet committed.</summary>
    public int QueueDepth => Volatile.Read(ref _queued);

    public int Capacity => _options.QueueCapacity;

    public bool HasRoom => Volatile.Read(ref _queued) < _options.QueueCapacity && !_stopping;

    public Durability Durability => _options.Durability;

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "vigil-batch-writer" };
        _thread.Start();
    }


    public Task Append(in PingEvent ping)
    {
        var done = Enqueue(new WriteItem(in ping));
        return _options.Durability == Durability.Commit ? done : Task.CompletedTask;
    }

    public Task Append(Flip flip)
    {
        var done = Enqueue(new WriteItem(flip));
        return _options.Durability == Durability.Commit ? done : Task.CompletedTask;
    }

    public Task Append(AlertNotice notice)
    {
        var done = Enqueue(new WriteItem(notice));
        return _options.Durability == Durability.Commit ? done : Task.CompletedTask;
    }

    /// <summary>Like a ping, a result counts against the queue bound, and the caller checks <see cref="HasRoom"/> first.</summary>
    public Task Append(CheckResult result)
    {
        var done = Enqueue(new WriteItem(result));
        return _options.Durability == Durability.Commit ? done : Task.CompletedTask;
    }

    /// <summary>Queues a management command; its task completes when it is committed, whatever the durability mode.</summary>
    public Task Submit(StoreCommand command)
    {
        Enqueue(new WriteItem(command));
        return command.Done;
    }

    private Task Enqueue(in WriteItem item)
    {
        lock (_gate)
        {
            var batch = _open;
            batch.Items.Add(item);
            batch.FillsOutbox |= item.Other is Flip or AlertNotice;
            if (batch.Items.Count == 1)
                batch.FirstAt = Stopwatch.GetTimestamp();
            _queued++;
            var sealedNow = batch.Items.Count >= _options.MaxBatchSize;
            if (sealedNow)
            {
                _sealed.Enqueue(batch);
                _open = NewBatch();
            }
            if (_writerIdle && (sealedNow || !_writerFilling))
            {
                _writerIdle = false;
                _wake.Release();
            }
            return batch.Done.Task;
        }
    }

    /// <summary>Stops taking pings, commits everything queued, then stops the writer thread.</summary>
    public async Task DrainAsync()
    {
        lock (_gate)
        {
            if (!_stopping && _thread is not null)
                Enqueue(new WriteItem(new FlushState())); // the last batch also writes every monitor's state
            _stopping = true;
            if (_writerIdle)
            {
                _writerIdle = false;
                _wake.Release();
            }
        }
        if (_thread is not null)
            await _stopped.Task;
    }

    public async ValueTask DisposeAsync() => await DrainAsync();

    private void Run()
    {
        try
        {
            while (TakeBatch() is { } batch)
                Commit(batch);
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    /// <summary>The oldest batch with anything in it; waits while there is none; null once stopping and empty.</summary>
    /// <remarks>
    /// In buffered mode nobody waits for the commit, so the writer lets a batch fill for up to the flush interval:
    /// fewer, larger commits. In commit mode every caller is waiting, so it takes whatever has arrived at once.
    /// </remarks>
    private Batch? TakeBatch()
    {
        while (true)
        {
            var wait = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                _writerIdle = false;
                if (_sealed.Count > 0)
                    return _sealed.Dequeue();
                if (_open.Items.Count > 0)
                {
                    var age = Stopwatch.GetElapsedTime(_open.FirstAt);
                    if (_options.Durability == Durability.Commit || _stopping || age >= _options.FlushInterval)
                    {
                        var batch = _open;
                        _open = NewBatch();
                        return batch;
                    }
                    wait = _options.FlushInterval - age;
                }
                else if (_stopping)
                {
                    return null;
                }
                _writerIdle = true;
                _writerFilling = wait != Timeout.InfiniteTimeSpan; // woken early only by a full batch or by stopping
            }
            _wake.Wait(wait);
        }
    }

    private void Commit(Batch batch)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        var attempt = 0;
        while (true)
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                _store.Write(batch.Items);
                Stats.Committed(batch.Items.Count, (long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                break;
            }
            catch (Exception error)
            {
                Stats.Failed();
                attempt++;
                _logger.LogError(error, "Committing a batch of {Count} writes failed (attempt {Attempt}); retrying, nothing is dropped", batch.Items.Count, attempt);
                if (attempt == 3)
                    IsolateBadCommands(batch);
                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
        lock (_gate)
            _queued -= batch.Items.Count;
        foreach (var item in batch.Items)
            (item.Other as StoreCommand)?.Complete();
        batch.Done.TrySetResult();
        if (batch.FillsOutbox)
            AlertOutboxCommitted?.Invoke();
        lock (_gate)
        {
            if (_spare.Count < SpareBatches)
                _spare.Push(batch.Reset());
        }
    }

    /// <summary>A spare batch when there is one. Caller holds the gate.</summary>
    private Batch NewBatch() => _spare.TryPop(out var batch) ? batch : new Batch(Math.Min(_options.MaxBatchSize, 1024));

    /// <summary>
    /// After repeated failures, tries each command alone: one that fails by itself is answered with its error and
    /// taken out, so a bad command cannot hold every ping behind it. Pings, flips and check results are never taken out.
    /// </summary>
    private void IsolateBadCommands(Batch batch)
    {
        for (var i = batch.Items.Count - 1; i >= 0; i--)
        {
            if (batch.Items[i].Other is not StoreCommand command)
                continue;
            try
            {
                _store.Write([batch.Items[i]]);
                command.Complete();
            }
            catch (Exception error)
            {
                _logger.LogError(error, "Store command {Command} fails on its own; answering it with the error", command.GetType().Name);
                command.Fail(error);
            }
            batch.Items.RemoveAt(i);
            lock (_gate)
                _queued--;
        }
    }

    /// <remarks>
    /// Reused once committed: a list of 1,024 write items is over 85 KB, so a new one per batch was a large-object
    /// allocation hundreds of times a second, and the large-object heap is budgeted with gen 2: it ran a gen-2
    /// collection every few batches.
    /// </remarks>
    private sealed class Batch(int capacity)
    {
        public List<WriteItem> Items { get; } = new(capacity);

        /// <summary>When the first item arrived (Stopwatch ticks).</summary>
        public long FirstAt { get; set; }

        public TaskCompletionSource Done { get; private set; } = NewDone();

        /// <summary>Holds a flip or a notice, so its commit adds rows to the alert outbox.</summary>
        public bool FillsOutbox { get; set; }

        /// <summary>Empties a committed batch for reuse; its waiters already hold the old, completed task.</summary>
        public Batch Reset()
        {
            Items.Clear(); // also drops the references the items held
            FillsOutbox = false;
            Done = NewDone();
            return this;
        }

        private static TaskCompletionSource NewDone() => new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
