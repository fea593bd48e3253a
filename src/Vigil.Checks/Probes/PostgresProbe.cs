using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Vigil.Checks.Pooling;
using Vigil.Checks.Probes.Postgres;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>
/// Checks a PostgreSQL server by running <c>SELECT 1</c> (or the monitor's query) through Npgsql. Each distinct
/// connection string gets one <see cref="NpgsqlDataSource"/>, so Npgsql's own pool keeps sessions open between runs.
/// The <see cref="PoolOptions"/> fill in the pool keywords a connection string leaves out; a keyword the user wrote
/// wins. On a pooled data source Npgsql's <c>Timeout</c> (from <see cref="PoolOptions.AcquireTimeout"/>) bounds both
/// the wait for a free connection and the physical connect, so a connect slower than that fails as a timeout before
/// the monitor's own timeout does. A fresh-connection data source keeps Npgsql's default Timeout (15 s); the monitor's
/// timeout, through the caller's token, is what ends a slow connect there.
/// </summary>
public sealed class PostgresProbe : Probe<PostgresCheckSpec>, IAsyncDisposable
{
    public const int DefaultMaxDataSources = 256;

    private const string DefaultQuery = "SELECT 1";
    private const int MaxShownValueLength = 100;

    private readonly ConcurrentDictionary<(string ConnectionString, bool Fresh), Source> _sources = new();
    private readonly PoolOptions _options;
    private readonly int _maxDataSources;
    private readonly NpgsqlPoolMeter _meter = new();
    private long _nextId;
    private bool _disposed;

    /// <param name="maxDataSources">Data sources kept at most. Past it, a new connection string runs on a throwaway
    /// data source that is disposed after the run, so a flood of distinct strings cannot grow memory without end.</param>
    public PostgresProbe(PoolOptions? options = null, int maxDataSources = DefaultMaxDataSources)
    {
        _options = options ?? PoolOptions.Default;
        _maxDataSources = maxDataSources;
    }

    public override string Type => "postgres";

    /// <summary>Data sources currently kept, pooled and fresh-connection ones together.</summary>
    public int DataSourceCount => _sources.Count;

    /// <summary>One entry per kept data source. Open, Idle, InUse, Waiters and Created are Npgsql's own figures (its
    /// meter reports them for pooling data sources only, so fresh-connection ones show zeros there); Closed is derived
    /// as Created − Open. Acquired, Exhausted and AcquireWaitTotal are counted here, and the wait includes the physical
    /// connect whenever Npgsql had to open a new connection.</summary>
    public IReadOnlyList<PoolStats> Stats
    {
        get
        {
            var figures = _meter.ReadAll();
            return [.. _sources.Values.Select(s => s.Stats(figures.GetValueOrDefault(s.Name)))];
        }
    }

    protected override async Task<ProbeResult> RunAsync(PostgresCheckSpec spec, CancellationToken cancellationToken)
    {
        var (source, throwaway) = GetSource(spec.ConnectionString, spec.FreshConnection, out var invalid);
        if (source is null)
            return ProbeResult.Failure(CheckError.Protocol, $"invalid connection string: {invalid}", TimeSpan.Zero);

        try
        {
            return await RunOnAsync(source, spec, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (throwaway)
                await source.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>The data source a spec runs on; tests use it to hold connections from the very pool the probe uses.</summary>
    internal NpgsqlDataSource DataSourceFor(PostgresCheckSpec spec) =>
        GetSource(spec.ConnectionString, spec.FreshConnection, out var invalid).Source?.DataSource
        ?? throw new ArgumentException(invalid, nameof(spec));

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        foreach (var key in _sources.Keys)
        {
            if (_sources.TryRemove(key, out var source))
                await source.DisposeAsync().ConfigureAwait(false);
        }
        _meter.Dispose();
    }

    private async Task<ProbeResult> RunOnAsync(Source source, PostgresCheckSpec spec, CancellationToken cancellationToken)
    {
        var opening = true;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await using var connection = await OpenAsync(source.DataSource, cancellationToken).ConfigureAwait(false);
            var connectTime = Stopwatch.GetElapsedTime(started);
            source.Acquired(connectTime);
            opening = false;

            // Latency is the query alone, also on a fresh connection: the connect (and any wait for a pooled
            // connection) is reported in Phases.Connect, so a slow handshake does not read as a slow database.
            var queryStarted = Stopwatch.GetTimestamp();
            await using var command = new NpgsqlCommand(spec.Query ?? DefaultQuery, connection);
            var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(queryStarted);
            var phases = new PhaseTimings(null, connectTime, null, null, Stopwatch.GetElapsedTime(started));

            if (spec.Expected is { } expected)
            {
                var actual = ToInvariantText(value);
                if (!string.Equals(actual, expected, StringComparison.Ordinal))
                    return ProbeResult.Failure(CheckError.Assertion, $"expected '{expected}', got {Shown(actual)}", latency, phases);
            }
            return ProbeResult.Success(latency, phases: phases);
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // Npgsql reports a cancelled open or query in its own wrappers at times; the runner needs the cancellation.
            throw ex as OperationCanceledException ?? new OperationCanceledException("the check was cancelled", ex, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or IOException or InvalidCastException or NotSupportedException)
        {
            // A failed run's latency is all the time it took, connect included: there is no query time to report.
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (error, message) = PostgresFailure.Classify(ex, opening);
            if (error == CheckError.PoolExhausted)
                source.Exhausted(elapsed);
            return ProbeResult.Failure(error, message, elapsed);
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        // Npgsql ignores the token while it waits for the server's first reply, so a silent server would hold the run
        // until Npgsql's own Timeout. Stop waiting when the token fires; the abandoned open ends on its own (by that
        // Timeout at the latest) and a connection it still makes goes straight back.
        var open = dataSource.OpenConnectionAsync(cancellationToken).AsTask();
        try
        {
            return await open.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = open.ContinueWith(static abandoned =>
            {
                if (abandoned.IsCompletedSuccessfully)
                    abandoned.Result.Dispose();
                else
                    _ = abandoned.Exception;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>First column of the first row as invariant text; no row and SQL NULL are both null.</summary>
    internal static string? ToInvariantText(object? value) => value switch
    {
        null or DBNull => null,
        bool b => b ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    // A query may return a whole document: the message is stored with every run, so keep it short.
    private static string Shown(string? actual) => actual switch
    {
        null => "null",
        { Length: > MaxShownValueLength } => $"'{actual[..MaxShownValueLength]}…'",
        _ => $"'{actual}'",
    };

    // The bound is checked before adding, so runs racing past it can overshoot it by a few: bounded, not exact.
    private (Source? Source, bool Throwaway) GetSource(string connectionString, bool fresh, out string? invalid)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        invalid = null;
        var key = (connectionString, fresh);
        if (_sources.TryGetValue(key, out var existing))
            return (existing, false);

        Source created;
        try
        {
            created = Create(connectionString, fresh);
        }
        catch (ArgumentException ex)
        {
            invalid = ex.Message;
            return (null, false);
        }

        if (_sources.Count >= _maxDataSources)
            return (created, true);
        var kept = _sources.GetOrAdd(key, created);
        if (!ReferenceEquals(kept, created))
            created.DisposeUnused();
        return (kept, false);
    }

    private Source Create(string connectionString, bool fresh)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        if (fresh)
            settings.Pooling = false;
        else
            ApplyPoolOptions(settings);

        // The name tags Npgsql's metrics and must be unique per data source; it carries no credentials.
        var name = $"vigil-check/{settings.Host}:{settings.Port}/{settings.Database ?? settings.Username}#{Interlocked.Increment(ref _nextId)}";
        builder.Name = name;
        _meter.Track(name);
        try
        {
            return new Source(name, builder.Build(), _meter);
        }
        catch
        {
            _meter.Forget(name);
            throw;
        }
    }

    private void ApplyPoolOptions(NpgsqlConnectionStringBuilder settings)
    {
        SetUnlessWritten(settings, "Maximum Pool Size", () => settings.MaxPoolSize = _options.MaxSize);
        SetUnlessWritten(settings, "Timeout", () => settings.Timeout = WholeSeconds(_options.AcquireTimeout));
        SetUnlessWritten(settings, "Connection Lifetime", () => settings.ConnectionLifetime = WholeSeconds(_options.MaxLifetime));
        SetUnlessWritten(settings, "Connection Idle Lifetime", () =>
        {
            settings.ConnectionIdleLifetime = WholeSeconds(_options.IdleTimeout);
            // Npgsql refuses an idle lifetime shorter than its pruning interval (10 s by default).
            if (!settings.Keys.Contains("Connection Pruning Interval"))
                settings.ConnectionPruningInterval = Math.Min(settings.ConnectionPruningInterval, settings.ConnectionIdleLifetime);
        });
    }

    // Keys lists only keywords the connection string set, under their canonical names whatever alias the user wrote.
    private static void SetUnlessWritten(NpgsqlConnectionStringBuilder settings, string keyword, Action set)
    {
        if (!settings.Keys.Contains(keyword))
            set();
    }

    // Npgsql takes these settings in whole seconds, and 0 means "no limit": round up so a short limit stays a limit.
    private static int WholeSeconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds));

    /// <summary>One data source and the counts Npgsql does not keep.</summary>
    private sealed class Source(string name, NpgsqlDataSource dataSource, NpgsqlPoolMeter meter) : IAsyncDisposable
    {
        private long _acquired;
        private long _exhausted;
        private long _waitTicks;

        public string Name { get; } = name;

        public NpgsqlDataSource DataSource { get; } = dataSource;

        public void Acquired(TimeSpan waited)
        {
            Interlocked.Increment(ref _acquired);
            Interlocked.Add(ref _waitTicks, waited.Ticks);
        }

        public void Exhausted(TimeSpan waited)
        {
            Interlocked.Increment(ref _exhausted);
            Interlocked.Add(ref _waitTicks, waited.Ticks);
        }

        public PoolStats Stats(NpgsqlPoolFigures npgsql)
        {
            var open = npgsql.Idle + npgsql.Used;
            return new PoolStats(Name, open, npgsql.Idle, npgsql.Used, npgsql.Pending, npgsql.Created,
                Math.Max(0, npgsql.Created - open), Interlocked.Read(ref _acquired), Interlocked.Read(ref _exhausted),
                TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks)));
        }

        /// <summary>Drops a data source that lost the race to be kept; it never opened a connection.</summary>
        public void DisposeUnused()
        {
            DataSource.Dispose();
            meter.Forget(Name);
        }

        public async ValueTask DisposeAsync()
        {
            await DataSource.DisposeAsync().ConfigureAwait(false);
            meter.Forget(Name);
        }
    }
}
