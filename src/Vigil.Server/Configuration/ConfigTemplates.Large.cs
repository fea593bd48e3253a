namespace Vigil.Server.Configuration;

public static partial class ConfigTemplates
{
    // Same keys as Small, tuned for about a million monitors on one well-provisioned host; comments say why.
    private const string Large = """
        # Vigil configuration tuned for ~1,000,000 monitors on one host (8+ cores, NVMe disk, 16+ GiB RAM).
        # Environment variables override this file: VIGIL_<SECTION>__<KEY>, e.g. VIGIL_STORAGE__DATA_DIR=/srv/vigil.
        # Reference: docs/configuration.md

        server:
          # Listen on all interfaces; put a TLS-terminating proxy in front.
          urls: "http://0.0.0.0:8080"
          # Links must use the proxy's public address, not the internal one.
          public_url: "https://vigil.example.com"

        storage:
          # Database engine; only sqlite is available today (one writer, batched, is enough for this load).
          provider: sqlite
          # Keep the database on fast local disk, off the system volume.
          data_dir: "/var/lib/vigil"
          # Still commit: an acknowledged ping is never lost; large batches keep this fast.
          durability: commit
          # Room for bursts (thousands of cron jobs pinging on the hour) before pings get 503; costs memory only while full.
          queue_capacity: 2000000
          # Bigger transactions amortise each fsync over more pings.
          max_batch_size: 50000
          # Buffered mode only: a batch fills for at most this long (ms) before it is committed.
          flush_interval_ms: 50
          # A month of history: ping rows grow with monitor count, so keep less than the default 90 days.
          retention_days: 30
          # Sweep more often, so each sweep has less to delete.
          retention_interval_minutes: 15
          # Larger delete chunks keep up with the volume; still short enough not to stall the writer.
          retention_chunk_size: 20000

        pings:
          # Smaller bodies: a million monitors' logs add up fast.
          body_limit_bytes: 4096
          # Pings accepted per window per monitor; guards against one runaway client; 0 = off.
          rate_limit: 100
          # Length of the rate limit window, in seconds.
          rate_limit_window_seconds: 10
          # Fleets report through batch pings; allow large batches.
          batch_max_items: 50000
          # Largest batch ping body, in bytes (64 MiB fits 50,000 items with small bodies).
          batch_max_bytes: 67108864
          # Secret for ping URLs by slug (/ping/<ping_key>/<slug>); set via VIGIL_PINGS__PING_KEY rather than here.
          ping_key:
          # Period, in seconds, of monitors auto-created by a ping with ?create=1.
          create_period_seconds: 86400
          # Grace, in seconds, of monitors auto-created by a ping with ?create=1.
          create_grace_seconds: 3600
          # Fleet clocks drift; allow batch items stamped up to this many seconds ahead.
          max_clock_skew_seconds: 300

        deadlines:
          # A coarser sweep: with a million deadlines, half a second late is fine and halves the sweeps.
          tick_ms: 500

        checks:
          # More checks in flight: with tens of thousands of monitors, most time is spent waiting on targets.
          max_concurrent: 2048
          # Checks in flight at most per monitor type; a type left empty is bounded only by max_concurrent.
          max_concurrent_per_type:
            http:
            tcp:
            dns:
            postgres:
            mysql:
            redis:
            mongodb:
          # Due checks waiting for a free slot at most; past it, the lowest priority is skipped (and counted).
          queue_capacity: 50000
          # The scheduler wakes for the next due check, at most once per this many milliseconds.
          tick_ms: 20
          # Connection pools per target for the database types.
          pools:
            postgres:
              # Connections open at most to one target.
              max_size: 4
              # Idle connections older than this are closed, in seconds.
              idle_timeout_seconds: 60
              # Connections older than this are closed when returned, in seconds.
              max_lifetime_seconds: 1800
              # How long a check waits for a free connection before failing as pool_exhausted, in milliseconds.
              acquire_timeout_ms: 2000
            mysql:
              max_size: 4
              idle_timeout_seconds: 60
              max_lifetime_seconds: 1800
              acquire_timeout_ms: 2000
            redis:
              max_size: 4
              idle_timeout_seconds: 60
              max_lifetime_seconds: 1800
              acquire_timeout_ms: 2000
            mongodb:
              max_size: 4
              idle_timeout_seconds: 60
              max_lifetime_seconds: 1800
              acquire_timeout_ms: 2000
          http:
            # Pooled keep-alive connections older than this are closed after their request, in seconds (picks up DNS changes).
            pooled_connection_lifetime_seconds: 300
            # Idle pooled connections are closed after this, in seconds.
            pooled_connection_idle_seconds: 90
            # Sockets open at most to one target (scheme, host, port).
            max_connections_per_server: 32
            # How long a resolved host name is reused, in seconds; 0 = resolve every time.
            dns_cache_seconds: 30
            # Most of a response body read for an assertion, in bytes.
            max_body_bytes: 1048576
          # Raw check results older than this many days are deleted.
          result_retention_days: 7
          # Per-minute rollups (charts) are kept this many days.
          minute_rollup_days: 30
          # Per-hour rollups (uptime over 30 days and beyond) are kept this many days.
          hour_rollup_days: 400
          # How often rollups are written from memory, in seconds (0 = with every write); charts and uptime trail by this much.
          rollup_flush_seconds: 10

        # Entries each in-memory cache holds at most; the oldest is evicted first. Near the memory limit each is halved.
        caches:
          # Host names the HTTP and TCP checks' resolver cache keeps.
          dns_entries: 10000
          # Targets whose TLS certificate expiry the HTTP checks remember.
          tls_certificate_entries: 10000
          # Compiled body and banner patterns, per probe (HTTP and TCP).
          regex_entries: 1000
          # API keys remembered after a lookup, for a minute each.
          api_key_entries: 10000

        auth:
          # Bootstrap API key for writes; set through VIGIL_API_KEY so it stays out of this file.
          api_key:

        logging:
          # Per-ping logging would flood at this volume; log warnings and above.
          level: warning
          # json, for a log collector.
          format: json

        # GET /metrics: Prometheus text format (OpenMetrics when asked), built from Vigil's instruments.
        metrics:
          # Serve /metrics at all (404 when false).
          enabled: true
          # The page is rebuilt at most this often, on a scrape, in milliseconds (0-60000; 0 = every scrape).
          refresh_interval_ms: 1000
          # Also write one series per monitor (vigil_monitor_up, vigil_monitor_latency_seconds ...).
          per_monitor: false
          # Per-monitor series at most, in all (0-10000000); the rest are counted in vigil_metrics_series_dropped_total.
          max_series: 50000
          # When set (16+ characters), /metrics needs "Authorization: Bearer <token>"; better set through VIGIL_METRICS__BEARER_TOKEN.
          bearer_token:

        observability:
          # How often CPU, memory, GC, thread pool and disk are sampled for /api/v1/system, in seconds (1-3600).
          sample_interval_seconds: 30
          # How many hours of samples are kept in memory (1-168; at most 86,400 samples whatever the interval).
          history_hours: 24

        # The write-key debug endpoints (POST /api/v1/debug/trace, GET /api/v1/debug/gc).
        profiling:
          # Trace length when the request names none, in seconds (1-60).
          default_trace_seconds: 10
          # Event buffer of the one trace that may run, in MB (1-1024); a slow reader loses the oldest events, never memory.
          trace_buffer_mb: 64

        performance:
          # Read and validated; acted on by later releases.
          enable_performance_mode: true
          # Read and validated; acted on by later releases.
          memory_optimization: true
          # Read and validated; acted on by later releases.
          cache_optimization: true
          # GC heap hard limit in MiB (0 = none); Vigil sheds caches and low-priority checks near it.
          memory_limit_mb: 0
          # Percent of memory_limit_mb (50-99) at which shedding starts.
          shed_at_percent: 90

        scaling:
          # Read and validated; acted on by later releases.
          enable_horizontal_scaling: false
          # Worker processes, 1-64 (read and validated; acted on by later releases).
          worker_processes: 1
          # Shared memory size (read and validated; acted on by later releases).
          shared_memory_size: "1g"

        benchmarking:
          # Read and validated; acted on by later releases.
          enable_benchmarks: false
          # Seconds between benchmark runs.
          benchmark_interval_seconds: 3600
          performance_thresholds:
            # Slowest acceptable response, in milliseconds.
            max_response_time_ms: 250
            # Most memory the server should use, in MiB (a million monitors' state stays in memory).
            max_memory_usage_mb: 8192
            # Fewest requests per second the server should sustain.
            min_throughput_rps: 50000

        alerts:
          # Rules for monitors without their own "alerts" and without a tag listed in tag_defaults (docs/alerting.md).
          # Only the file sets rules objects; the keys below them (retry_for_minutes …) take env overrides too.
          defaults:
            # Alert when a monitor goes down, and when it recovers.
            on_down: true
            on_up: true
            # Re-alert while still down, every this many minutes; 0 = never.
            remind_every_minutes: 0
          # Rules per tag; a monitor without its own rules takes the first of its tags listed here. For example:
          #   db: {remind_every_minutes: 60, flapping: {changes: 5, window_minutes: 10}}
          tag_defaults: {}
          # A failing delivery is retried (with backoff) for this many minutes, then dead-lettered.
          retry_for_minutes: 1440
          # First retry delay in seconds; it doubles, with jitter, up to retry_max_seconds.
          retry_initial_seconds: 5
          retry_max_seconds: 300
          # Alerts sent per minute over all channels; past it they are folded into one summary per channel.
          # Sized for a large fleet: a site-wide outage still gets its first alerts out individually.
          storm_per_minute: 600
          # Alerts sent per minute to one channel; past it they are folded into a summary for that channel.
          channel_per_minute: 60
          # Longest time one send may take, in seconds.
          send_timeout_seconds: 10
          # Sends in flight at most.
          max_concurrent_sends: 64
          # Allow channels of type "shell" (they run a command on this machine).
          allow_shell_channel: false
          # Base URL for links in alert messages; empty = server.public_url (and without it, no link).
          public_url:
          # Channel ids or names that get Vigil's own alerts (storage errors, overload); empty = every channel.
          system_channels: []

        # Config as code: monitors are matched to stored ones by slug. At this scale most monitors come from the
        # API or ?create=1; keep here the few that guard the system itself. Pausing is never overwritten from here.
        monitors:
          # The nightly database backup.
          - slug: vigil-backup
            name: Vigil database backup
            tags: [vigil, backup]
            period_seconds: 86400
            grace_seconds: 3600
          # Weekly restore drill, Mondays 04:00 UTC.
          - slug: vigil-restore-drill
            name: Vigil restore drill
            cron: "0 4 * * 1"
            timezone: UTC
            grace_seconds: 7200

        # Alert channels as code, matched to stored ones by name (see docs/channels.md for each type's fields).
        # ${NAME} takes a value from the environment, so secrets stay out of this file. None by default:
        channels:
          # - name: ops-slack
          #   type: slack
          #   url: https://hooks.slack.com/services/${SLACK_TOKEN}
          # - name: ops-mail
          #   type: smtp
          #   host: smtp.example.com
          #   from: vigil@example.com
          #   to: [ops@example.com]
          #   username: vigil
          #   password: ${SMTP_PASSWORD}
        # Maintenance windows as code, matched to stored ones by name (created, or replacing the stored window of that
        # name, at start). At this scale, name monitors by tag or use all: true rather than listing thousands of slugs:
        #   - name: Storage maintenance      # every Saturday 01:00-03:00 UTC, every monitor
        #     all: true
        #     cron: "0 1 * * 6"
        #     duration_minutes: 120
        #     timezone: UTC
        maintenance: []
        """;
}
