namespace Vigil.Server.Configuration;

public static partial class ConfigTemplates
{
    // Defaults as written in docs/configuration.md; a test keeps this file loading clean and naming every key.
    private const string Small = """
        # Vigil configuration for one machine. Every key is shown with its default.
        # Environment variables override this file: VIGIL_<SECTION>__<KEY>, e.g. VIGIL_STORAGE__DURABILITY=buffered.
        # Reference: docs/configuration.md

        server:
          # Addresses to listen on, separated by ';' (absolute http:// or https:// URLs).
          urls: "http://127.0.0.1:8080"
          # Base URL used in links (ping URLs shown in the UI and API); empty = taken from each request.
          public_url:

        storage:
          # Database engine; only sqlite is available today.
          provider: sqlite
          # Directory for the database file; created if missing.
          data_dir: "./data"
          # commit = a ping is answered after it is on disk; buffered = answered once queued (faster, may lose the last flush).
          durability: commit
          # Writes waiting for the batch writer; when full, pings get 503 so clients retry.
          queue_capacity: 200000
          # Most writes committed in one transaction.
          max_batch_size: 8192
          # Buffered mode only: how long a batch fills before it is committed, in milliseconds.
          flush_interval_ms: 100
          # Ping history older than this many days is deleted.
          retention_days: 90
          # How often the retention sweep runs, in minutes.
          retention_interval_minutes: 60
          # Rows deleted per retention transaction, so the sweep never blocks pings for long.
          retention_chunk_size: 5000

        pings:
          # Longest ping body kept, in bytes; longer bodies are truncated and flagged.
          body_limit_bytes: 10240
          # Pings accepted per window per monitor; 0 turns the rate limit off.
          rate_limit: 100
          # Length of the rate limit window, in seconds.
          rate_limit_window_seconds: 10
          # Most items in one batch ping request.
          batch_max_items: 10000
          # Largest batch ping request body, in bytes.
          batch_max_bytes: 16777216
          # Secret for ping URLs by slug (/ping/<ping_key>/<slug>); empty = generated once and stored. 16-128 of A-Z a-z 0-9 _ -
          ping_key:
          # Period, in seconds, of monitors auto-created by a ping with ?create=1.
          create_period_seconds: 86400
          # Grace, in seconds, of monitors auto-created by a ping with ?create=1.
          create_grace_seconds: 3600
          # Batch items stamped further than this many seconds in the future are rejected.
          max_clock_skew_seconds: 300

        deadlines:
          # How often, in milliseconds, late monitors are looked for.
          tick_ms: 250

        checks:
          # Checks in flight at most, all types together.
          max_concurrent: 512
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
          queue_capacity: 10000
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
          # Bootstrap API key for writes (min 16 characters); better set through VIGIL_API_KEY than written here.
          api_key:

        logging:
          # trace, debug, information, warning, error, critical or none.
          level: information
          # json (one object per line, for collectors) or text (for people).
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
          enable_performance_mode: false
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
          # Shared memory size: digits with an optional k, m or g suffix (read and validated; acted on by later releases).
          shared_memory_size: "64m"

        benchmarking:
          # Read and validated; acted on by later releases.
          enable_benchmarks: false
          # Seconds between benchmark runs.
          benchmark_interval_seconds: 300
          performance_thresholds:
            # Slowest acceptable response, in milliseconds.
            max_response_time_ms: 100
            # Most memory the server should use, in MiB.
            max_memory_usage_mb: 512
            # Fewest requests per second the server should sustain.
            min_throughput_rps: 1000

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
          storm_per_minute: 60
          # Alerts sent per minute to one channel; past it they are folded into a summary for that channel.
          channel_per_minute: 30
          # Longest time one send may take, in seconds.
          send_timeout_seconds: 10
          # Sends in flight at most.
          max_concurrent_sends: 16
          # Allow channels of type "shell" (they run a command on this machine).
          allow_shell_channel: false
          # Base URL for links in alert messages; empty = server.public_url (and without it, no link).
          public_url:
          # Channel ids or names that get Vigil's own alerts (storage errors, overload); empty = every channel.
          system_channels: []

        # Config as code: monitors are matched to stored ones by slug. Listed monitors are created or updated;
        # pausing stays runtime state (API/CLI) and is never overwritten from here.
        monitors:
          # Expects a ping every day, and is down one hour after a missed one.
          - slug: nightly-backup
            name: Nightly backup
            tags: [backup]
            period_seconds: 86400
            grace_seconds: 3600
          # Expects a ping at 06:30 on weekdays, Berlin time (daylight saving handled).
          - slug: morning-report
            name: Morning report
            cron: "30 6 * * 1-5"
            timezone: Europe/Berlin
            grace_seconds: 1800

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
        # Maintenance windows as code, matched to stored ones by name: listed windows are created, or replace the stored
        # window of that name, at start; windows made through the API are left alone. While a window is open its monitors
        # send no alerts, and uptime reports can leave the time out. To declare some, list them instead of []:
        #   - name: Sunday backups           # every Sunday 02:00-04:00 Berlin time, for monitors tagged backup
        #     tags: [backup]
        #     cron: "0 2 * * 0"
        #     duration_minutes: 120
        #     timezone: Europe/Berlin
        #   - name: Database upgrade         # once; monitors by slug (or id)
        #     monitors: [nightly-backup]
        #     start: "2026-12-05T22:00:00Z"
        #     end: "2026-12-06T01:00:00Z"
        maintenance: []
        """;
}
