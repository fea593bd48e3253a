using System.Globalization;

namespace Vigil.LoadTest;

public enum Scenario
{
    Steady,
    Burst,
    Ramp,
    Soak,
    Abuse,
}

/// <summary>Everything a run is asked to do. <see cref="Validate"/> names each option that is out of bounds.</summary>
public sealed record LoadTestOptions
{
    public const string DefaultUrl = "http://127.0.0.1:8080";

    public Scenario Scenario { get; init; } = Scenario.Steady;
    public Uri Url { get; init; } = new(DefaultUrl);
    public int Monitors { get; init; } = 100;

    /// <summary>Requests per second (each carries <see cref="Batch"/> pings with the batch endpoint). Ramp: the first step.</summary>
    public double Rate { get; init; } = 1000;
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);
    public int Connections { get; init; } = 32;

    /// <summary>Pings per request through <c>POST /api/v1/pings</c>; 0 pings each monitor's URL.</summary>
    public int Batch { get; init; }
    public bool Create { get; init; }
    public bool KeepMonitors { get; init; }
    public string? ApiKey { get; init; }
    public string? IdsFile { get; init; }
    public string? OutDir { get; init; }
    public string? BaselineFile { get; init; }
    public double TolerancePercent { get; init; } = 10;
    public bool AllowRemote { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Ramp: a step whose p99 passes this (or whose errors pass 1 %) ends the ramp.</summary>
    public double P99LimitMs { get; init; } = 5;
    public TimeSpan StepDuration { get; init; } = TimeSpan.FromSeconds(5);
    public double StepFactor { get; init; } = 1.5;
    public double MaxRate { get; init; } = 100_000;

    /// <summary>Burst: every monitor pings at once, once per interval (idle in between).</summary>
    public TimeSpan BurstInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Soak: how often the server's /metrics is sampled.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Soak: the part of the run left out of the memory trend (start-up, JIT, caches filling).</summary>
    public double WarmupFraction { get; init; } = 0.2;

    /// <summary>Abuse: pings per second at one monitor, meant to pass the server's per-monitor rate limit.</summary>
    public double FloodRate { get; init; } = 200;

    /// <summary>Abuse: connections that send their headers a line per second and never finish.</summary>
    public int SlowClients { get; init; } = 16;

    /// <summary>The base URL with a trailing slash, so relative paths keep any prefix.</summary>
    public Uri BaseUrl => Url.AbsoluteUri.EndsWith('/') ? Url : new Uri(Url.AbsoluteUri + "/");

    /// <summary>Every bound this run breaks, each naming its option; empty when it may run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        void Check(bool ok, string option, string message)
        {
            if (!ok)
                errors.Add($"{option}: {message}");
        }
        Check(Url.Scheme is "http" or "https", "--url", "must be an http:// or https:// URL");
        Check(Monitors is >= 1 and <= 1_000_000, "--monitors", "must be between 1 and 1,000,000");
        Check(!Create || Monitors <= 100_000, "--monitors", "at most 100,000 with --create (each is an API call)");
        Check(Rate is >= 1 and <= 1_000_000, "--rate", "must be between 1 and 1,000,000 requests per second");
        Check(Duration >= TimeSpan.FromSeconds(1) && Duration <= TimeSpan.FromHours(24), "--duration", "must be between 1 s and 24 h");
        Check(Connections is >= 1 and <= 1024, "--connections", "must be between 1 and 1024");
        Check(Batch is >= 0 and <= 10_000, "--batch", "must be between 0 (off) and 10,000 pings per request");
        Check(TolerancePercent is >= 0 and <= 1000, "--tolerance", "must be between 0 and 1000 (%)");
        Check(RequestTimeout >= TimeSpan.FromMilliseconds(100) && RequestTimeout <= TimeSpan.FromMinutes(5), "--timeout", "must be between 0.1 s and 300 s");
        Check(P99LimitMs is > 0 and <= 60_000, "--p99-limit", "must be between 0 and 60,000 ms");
        Check(StepDuration >= TimeSpan.FromMilliseconds(200) && StepDuration <= TimeSpan.FromMinutes(10), "--step-duration", "must be between 0.2 s and 600 s");
        Check(StepFactor is >= 1.05 and <= 10, "--step-factor", "must be between 1.05 and 10");
        Check(MaxRate >= Rate && MaxRate <= 1_000_000, "--max-rate", "must be at least --rate and at most 1,000,000");
        Check(BurstInterval >= TimeSpan.FromMilliseconds(100) && BurstInterval <= TimeSpan.FromHours(1), "--burst-interval", "must be between 0.1 s and 1 h");
        Check(SampleInterval >= TimeSpan.FromMilliseconds(100) && SampleInterval <= TimeSpan.FromHours(1), "--sample-interval", "must be between 0.1 s and 1 h");
        Check(WarmupFraction is >= 0 and < 0.9, "--warmup", "must be between 0 and 0.9 of the run");
        Check(FloodRate is >= 1 and <= 100_000, "--flood-rate", "must be between 1 and 100,000 per second");
        Check(SlowClients is >= 0 and <= 256, "--slow-clients", "must be between 0 and 256");
        Check(Scenario != Scenario.Abuse || Monitors >= 2, "--monitors", "abuse needs at least 2 (one is flooded, the others carry the good pings)");
        Check(Rate * Duration.TotalSeconds <= 2e9, "--rate", $"× --duration asks for more than 2,000,000,000 requests ({(Rate * Duration.TotalSeconds).ToString("N0", CultureInfo.InvariantCulture)})");
        return errors;
    }
}
