using System.Diagnostics.Metrics;

namespace Vigil.Checks.Probes.Postgres;

/// <summary>What Npgsql reports about one of its pools.</summary>
/// <param name="Idle">Physical connections open and idle in the pool.</param>
/// <param name="Used">Physical connections open and handed out.</param>
/// <param name="Pending">Opens waiting for a connection to come free.</param>
/// <param name="Created">Physical connections opened since the data source was built.</param>
internal readonly record struct NpgsqlPoolFigures(int Idle, int Used, int Pending, long Created);

/// <summary>
/// Reads Npgsql's pool figures. <c>NpgsqlDataSource</c> has no public statistics; Npgsql 10 publishes them only as
/// instruments on its "Npgsql" meter, tagged with the data source's name. Only names passed to <see cref="Track"/>
/// are kept, so pools Vigil uses for its own storage never show up here.
/// </summary>
internal sealed class NpgsqlPoolMeter : IDisposable
{
    private const string MeterName = "Npgsql";
    private const string PoolNameTag = "db.client.connection.pool.name";
    private const string StateTag = "db.client.connection.state";
    private const string ConnectionCount = "db.client.connection.count";
    private const string PendingRequests = "db.client.connection.npgsql.pending_requests";
    private const string CreateTime = "db.client.connection.npgsql.create_time";

    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Figures> _pools = new(StringComparer.Ordinal);

    public NpgsqlPoolMeter()
    {
        _listener.InstrumentPublished = static (instrument, listener) =>
        {
            if (instrument.Meter.Name == MeterName && instrument.Name is ConnectionCount or PendingRequests or CreateTime)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        _listener.Start();
    }

    /// <summary>Starts keeping figures for a data source; call before the data source is built so no event is missed.</summary>
    public void Track(string poolName)
    {
        lock (_gate)
            _pools.TryAdd(poolName, new Figures());
    }

    public void Forget(string poolName)
    {
        lock (_gate)
            _pools.Remove(poolName);
    }

    /// <summary>The current figures of every tracked pool, by name.</summary>
    public Dictionary<string, NpgsqlPoolFigures> ReadAll()
    {
        lock (_gate)
        {
            // The connection counts are observable: asking for them re-reports every live pool's current value.
            foreach (var figures in _pools.Values)
                figures.Idle = figures.Used = 0;
            _listener.RecordObservableInstruments();
            return _pools.ToDictionary(p => p.Key, p => new NpgsqlPoolFigures(p.Value.Idle, p.Value.Used, p.Value.Pending, p.Value.Created),
                StringComparer.Ordinal);
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? pool = null;
        string? state = null;
        foreach (var (key, tagValue) in tags)
        {
            if (key == PoolNameTag)
                pool = tagValue as string;
            else if (key == StateTag)
                state = tagValue as string;
        }
        if (pool is null)
            return;

        lock (_gate)
        {
            if (!_pools.TryGetValue(pool, out var figures))
                return;
            switch (instrument)
            {
                case ConnectionCount when state == "idle": figures.Idle = (int)value; break;
                case ConnectionCount when state == "used": figures.Used = (int)value; break;
                case PendingRequests: figures.Pending += (int)value; break;
                case CreateTime: figures.Created++; break;
            }
        }
    }

    private sealed class Figures
    {
        public int Idle;
        public int Used;
        public int Pending;
        public long Created;
    }
}
