using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Vigil.Alerting.Rules;
using Vigil.Checks.Scheduling;
using Vigil.Core.Checks;
using Vigil.Core.Runtime;
using Vigil.Observability.Collection;
using Vigil.Server.Alerting;
using Vigil.Server.Auth;
using Vigil.Server.Checks;
using Vigil.Server.Configuration;
using Vigil.Server.Endpoints;
using Vigil.Server.Health;
using Vigil.Server.Http;
using Vigil.Server.Monitors;
using Vigil.Server.Observability.Instruments;
using Vigil.Server.Observability.Logging;
using Vigil.Server.Observability.Memory;
using Vigil.Server.Observability.Metrics;
using Vigil.Server.Observability.Profiling;
using Vigil.Server.Observability.Resources;
using Vigil.Server.Observability.Thresholds;
using Vigil.Storage;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Server.Hosting;

/// <summary>
/// Builds the Vigil host from validated options. `vigil serve`, the integration tests and the benchmarks all start
/// the server through here, so they measure and test what ships.
/// </summary>
public static class VigilApp
{
    private const string ReadyTag = "ready";

    public static async Task<WebApplication> BuildAsync(VigilOptions options, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        // The empty builder: Vigil's configuration is its own YAML, so no appsettings.json (and no file watcher)
        // from whatever directory it happens to start in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore().UseUrls([.. options.Server.Urls]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Logging.AddVigilConsole(options.Logging);

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(options.Server);
        services.AddSingleton(options.Storage);
        services.AddSingleton(options.Pings);
        services.AddSingleton(options.Deadlines);
        services.AddSingleton<IVigilStore>(_ => new SqliteStore(options.Storage.DataDir, rollupFlushInterval: TimeSpan.FromSeconds(options.Checks.RollupFlushSeconds)));
        services.AddVigilInstruments();
        services.AddSingleton(sp => new BatchWriter(
            sp.GetRequiredService<IVigilStore>(), WriterOptionsFrom(options.Storage), sp.GetRequiredService<ILogger<BatchWriter>>(), sp.Meter(MeterNames.Storage)));
        services.AddSingleton(sp => new HeartbeatEngine(
            time, sp.GetRequiredService<CountingEventSink>(),
            new HeartbeatLimits(options.Pings.RateLimit, options.Pings.RateLimitWindow), options.Deadlines.Tick, sp.Meter(MeterNames.Monitors))
        {
            RunRulesOf = sp.GetRequiredService<AlertRuleDefaults>().RunRulesOf,
        });
        services.AddSingleton(sp => new CheckEngine(sp.GetRequiredService<CountingEventSink>(), sp.GetRequiredService<CheckThresholdWatch>()));
        services.AddSingleton(options.Checks);
        services.AddSingleton(sp => new ProbeCatalog(options.Checks, options.Caches, time));
        services.AddSingleton(sp => new CheckScheduler(
            time, SchedulerOptionsFrom(options.Checks), sp.GetRequiredService<ProbeCatalog>().Probes,
            sp.GetRequiredService<CheckEngine>(), sp.GetRequiredService<ILogger<CheckScheduler>>(), sp.Meter(MeterNames.Checks)));
        services.AddSingleton<MonitorService>();
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IVigilStore>(), sp.GetRequiredService<BatchWriter>(), time, options.Auth.ApiKey, options.Caches.ApiKeyEntries));
        services.AddSingleton<PingKey>();
        services.AddSingleton<PingEndpoints>();
        services.AddProfiling(options.Profiling);
        services.AddSingleton<BatchPingEndpoints>();
        services.AddVigilChannels(options.Alerts.AllowShellChannel);
        // Registered first so it stops last: requests drain before the writer commits the rest.
        services.AddHostedService<StorageService>();
        services.AddHostedService<DeadlineSweeper>();
        services.AddHostedService<CheckService>();
        services.AddVigilMaintenance();
        services.AddVigilAlerting(options); // after storage and maintenance, so it starts after them and stops first
        services.AddSingleton<RetentionService>();
        services.AddHostedService(sp => sp.GetRequiredService<RetentionService>());
        services.AddVigilResourceMonitoring(new ResourceMonitoringOptions(options.Storage.DataDir)
        {
            Sampling = options.Observability,
            Memory = new MemoryOptions { MemoryLimitMb = options.Performance.MemoryLimitMb, ShedAtPercent = options.Performance.ShedAtPercent },
            Thresholds = ThresholdOptions.From(options.Benchmarking.PerformanceThresholds),
        });
        services.AddHealthChecks()
            .AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag])
            .AddCheck<WriteQueueHealthCheck>("write_queue", tags: [ReadyTag])
            .AddCheck<SchedulerHealthCheck>("scheduler", tags: [ReadyTag]);
        services.AddVigilMetrics(options.Metrics);

        var app = builder.Build();
        app.Services.StartVigilInstruments();
        app.Services.GetRequiredService<MetricsCollector>(); // listening from here, so start-up's writes are counted too
        SheddingReactions.Connect(app.Services.GetRequiredService<MemoryPressure>(), app.Services.GetRequiredService<CheckScheduler>(),
            app.Services.GetRequiredService<ProbeCatalog>(), app.Services.GetRequiredService<ApiKeys>());
        try
        {
            await StartStorageAsync(app, options, services: app.Services);
        }
        catch
        {
            // A bad config-as-code entry fails here: close the store and stop the writer this start opened.
            await app.DisposeAsync();
            throw;
        }
        MapEndpoints(app);
        return app;
    }

    /// <summary>Migrates, loads every monitor into the engine, starts the writer, then applies config-as-code.</summary>
    private static async Task StartStorageAsync(WebApplication app, VigilOptions options, IServiceProvider services)
    {
        var store = services.GetRequiredService<IVigilStore>();
        store.Migrate();
        var engine = services.GetRequiredService<HeartbeatEngine>();
        engine.Load(store.LoadMonitors(), store.CountMonitors());
        var latest = store.LoadLatestCheckResults();
        if (latest.Count > 0)
            foreach (var monitor in engine.Monitors.All)
                if (latest.TryGetValue(monitor.Seq, out var last))
                    monitor.LastCheckResult = new CheckResult(monitor.Id, monitor.Seq, last.At, last.Status, last.Latency, last.Error, last.Message, last.Phases);
        // Loading leaves every stored row's transient copy behind (hundreds of MB at a million monitors):
        // give it back to the OS once, before serving, rather than carrying it as resident memory.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var writer = services.GetRequiredService<BatchWriter>();
        writer.Start();
        var pingKey = options.Pings.PingKey ?? store.ReadMeta(PingKey.MetaKey);
        if (pingKey is null)
        {
            pingKey = PingKey.Generate();
            await writer.Submit(new SetMeta(PingKey.MetaKey, pingKey));
        }
        services.GetRequiredService<PingKey>().Set(pingKey);
        await ConfigMonitors.ApplyAsync(options.Monitors, services.GetRequiredService<MonitorService>(), engine.Monitors);
        await services.GetRequiredService<ChannelService>().StartAsync(store.LoadChannels(), options.Channels);
        await services.GetRequiredService<MaintenanceService>().StartAsync();
        app.Logger.LogInformation("Loaded {Count} monitors from {Path}", engine.Monitors.Count, (store as SqliteStore)?.DatabasePath);
    }

    private static void MapEndpoints(WebApplication app)
    {
        // First, so it times the whole answer (error pages included); routing has already chosen the endpoint.
        app.UseVigilRequestMetrics();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = WriteUnhandledAsync, StatusCodeSelector = StatusFor, SuppressDiagnosticsCallback = UnhandledErrorLog.SuppressFrameworkLine,
        });
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.ContentLength is null && !http.Response.HasStarted)
                await Problem.Of(http.Response.StatusCode, $"{http.Request.Method} {http.Request.Path} is not a Vigil endpoint").WriteAsync(http);
        });
        // Liveness: the process answers (no checks run). Readiness: storage, the write queue and the scheduler.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponse.WriteAsync });
        PingEndpoints.Map(app);
        BatchPingEndpoints.Map(app);
        MonitorEndpoints.Map(app);
        KeyEndpoints.Map(app);
        CheckEndpoints.Map(app);
        CheckResultEndpoints.Map(app);
        ChannelEndpoints.Map(app);
        app.MapVigilMaintenance();
        AlertEndpoints.Map(app);
        app.MapVigilSystemEndpoints();
        DebugEndpoints.Map(app);
        app.MapVigilMetrics();
    }

    private static int StatusFor(Exception error) => error is BadHttpRequestException bad ? bad.StatusCode : 500;

    private static Task WriteUnhandledAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
            return Problem.Of(bad.StatusCode, bad.Message).WriteAsync(context);
        if (error is not null)
            UnhandledErrorLog.Write(context, error);
        return Problem.Of(500, $"Vigil failed to handle this request; the error is in its log under request id {context.TraceIdentifier}").WriteAsync(context);
    }

    private static SchedulerOptions SchedulerOptionsFrom(ChecksOptions checks) =>
        new(checks.MaxConcurrent, checks.MaxConcurrentPerType, checks.QueueCapacity, TimeSpan.FromMilliseconds(checks.TickMs));

    private static WriterOptions WriterOptionsFrom(StorageOptions storage) =>
        new(storage.Durability, storage.QueueCapacity, storage.MaxBatchSize, storage.FlushInterval);
}
