using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Checks.Scheduling;
using Vigil.Core.Monitors;
using Vigil.Core.Pings;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;
using Vigil.Observability.Collection;
using Vigil.Server.Configuration;
using Vigil.Server.Endpoints;
using Vigil.Server.Monitors;
using Vigil.Server.Observability.Instruments;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Benchmarks.Workloads;

/// <summary>
/// The ping hot path on up heartbeat monitors, in three depths: <see cref="HeartbeatEngine.Record"/> alone; parse →
/// lookup → record as the endpoint does it; and the real <see cref="PingEndpoints.HandleAsync"/> on a reused
/// <see cref="DefaultHttpContext"/> (everything but the socket and Kestrel's own parsing). The engine's sink completes
/// at once, so storage is not measured here (see <see cref="BatchWriterWorkload"/>), and the instruments are listened
/// to by a <see cref="MetricsCollector"/>, as in a running server. Each call pings the next monitor in turn.
/// </summary>
public sealed class PingWorkload : IDisposable
{
    private readonly HeartbeatEngine _engine;
    private readonly MonitorRuntime[] _monitors;
    private readonly PathString[] _paths;
    private readonly PingSource _source = new("POST", "127.0.0.1", "bench");
    private readonly ServiceProvider _services;
    private readonly MetricsCollector _collector;
    private readonly SqliteStore _store;
    private readonly string _dataDir;
    private readonly PingEndpoints _endpoint;
    private readonly DefaultHttpContext _context;
    private int _next;

    public PingWorkload(int monitors = 10_000)
    {
        var time = TimeProvider.System;
        var now = time.GetUtcNow();
        Sink = new CompletedSink();
        // The limit is on (its token is taken on every ping) but high enough never to refuse a benchmark's pings.
        _engine = new HeartbeatEngine(time, Sink, new HeartbeatLimits(1_000_000_000, TimeSpan.FromSeconds(10)), TimeSpan.FromMilliseconds(250));
        var schedule = new SimpleSchedule(TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        var records = new List<MonitorRecord>(monitors);
        for (var i = 0; i < monitors; i++)
        {
            var definition = new MonitorDefinition(Guid.NewGuid(), $"bench {i}", $"bench-{i}", [], "", schedule, false, now);
            records.Add(new MonitorRecord(i + 1, definition, new MonitorStateRecord(MonitorStatus.Up, now, now, now, null, null, 0)));
        }
        _engine.Load(records);
        _monitors = [.. records.Select(r => { _engine.Monitors.TryGet(r.Definition.Id, out var m); return m; })];
        _paths = [.. _monitors.Select(m => new PathString($"/ping/{m.Id}"))];

        _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _collector = new MetricsCollector(meters);
        _dataDir = Directory.CreateTempSubdirectory("vigil-bench-ping-").FullName;
        _store = new SqliteStore(_dataDir); // the endpoint's writer only counts refusals here; nothing is written
        var writer = new BatchWriter(_store, WriterOptions.Default, NullLogger<BatchWriter>.Instance);
        var scheduler = new CheckScheduler(time, SchedulerOptions.Default, [], new CheckEngine(Sink));
        var service = new MonitorService(_engine, scheduler, writer, time);
        _endpoint = new PingEndpoints(_engine, service, writer, new PingKey(), new PingOptions(), new PingInstruments(meters));

        _context = new DefaultHttpContext();
        _context.Request.Method = HttpMethods.Post;
        _context.Request.ContentLength = 0;
        _context.Request.Headers.UserAgent = "bench";
        _context.Connection.RemoteIpAddress = IPAddress.Loopback;
        _context.Response.Body = Stream.Null;
    }

    public CompletedSink Sink { get; }

    /// <summary>A success ping on an up monitor, straight into the engine.</summary>
    public PingResult RecordSuccess() =>
        _engine.Record(NextMonitor(), PingKind.Success, -1, null, null, false, _source).Result;

    /// <summary>What the endpoint does between the raw path and the answer: parse, look up by UUID, record.</summary>
    public PingResult ParseLookupRecord()
    {
        var path = _paths[NextIndex()].Value!;
        var parsed = PingPath.Parse(path.AsSpan("/ping/".Length));
        if (!parsed.IsValid || !_engine.Monitors.TryGet(parsed.Id, out var monitor))
            throw new InvalidOperationException($"'{path}' should parse and name a monitor");
        return _engine.Record(monitor, parsed.Kind, parsed.ExitStatus, null, null, false, _source).Result;
    }

    /// <summary>The real endpoint handler, answering "OK" into a null stream.</summary>
    public int Endpoint()
    {
        _context.Request.Path = _paths[NextIndex()];
        var handled = _endpoint.HandleAsync(_context);
        if (!handled.IsCompletedSuccessfully)
            handled.GetAwaiter().GetResult(); // only the first call may wait (nothing here is asynchronous)
        return _context.Response.StatusCode;
    }

    private MonitorRuntime NextMonitor() => _monitors[NextIndex()];

    private int NextIndex()
    {
        var i = _next;
        _next = i + 1 == _monitors.Length ? 0 : i + 1;
        return i;
    }

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDir, recursive: true);
    }
}
