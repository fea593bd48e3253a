namespace Vigil.Core.Alerts;

/// <summary>
/// When a monitor alerts, beyond its status changes. Immutable; <see cref="Default"/> is what a monitor without rules
/// of its own (and without tag defaults) gets. "N failures before down, M successes before up" is not here: active
/// checks already have it (failures_before_down / successes_before_up), and the status changes it drives are what
/// <see cref="OnDown"/> and <see cref="OnUp"/> alert on.
/// </summary>
public sealed record AlertRules
{
    public static AlertRules Default { get; } = new();

    /// <summary>Alert when the monitor goes down.</summary>
    public bool OnDown { get; init; } = true;

    /// <summary>Alert when it recovers (resolves the down alert).</summary>
    public bool OnUp { get; init; } = true;

    /// <summary>Re-alert this often while still down; null: never.</summary>
    public TimeSpan? RemindEvery { get; init; }

    public FlappingRule? Flapping { get; init; }

    /// <summary>Heartbeat monitors only.</summary>
    public RunRules? Runs { get; init; }

    /// <summary>Active monitors only.</summary>
    public LatencyRule? Latency { get; init; }

    /// <summary>Active monitors only.</summary>
    public FailureRateRule? FailureRate { get; init; }
}

/// <summary><see cref="Changes"/> status changes within <see cref="Window"/> make a monitor flapping: one "flapping"
/// alert, then quiet until it has not changed for a whole window.</summary>
public sealed record FlappingRule(int Changes, TimeSpan Window)
{
    public static FlappingRule Default { get; } = new(5, TimeSpan.FromMinutes(10));
}

/// <summary>Run quality of a heartbeat monitor's jobs. Each limit is optional; at least one is set.</summary>
/// <param name="MaxRun">A run (start ping) not finished within this alerts.</param>
/// <param name="MinRun">A run finished faster than this alerts (the job probably did nothing).</param>
/// <param name="EarlyTolerance">A success ping more than this before the schedule expected it alerts ("too early/too often").</param>
public sealed record RunRules(TimeSpan? MaxRun, TimeSpan? MinRun, TimeSpan? EarlyTolerance);

/// <summary>The 95th percentile of successful checks' latency over <see cref="Window"/> above <see cref="Above"/>,
/// judged once the window holds at least <see cref="MinSamples"/> of them.</summary>
public sealed record LatencyRule(TimeSpan Above, TimeSpan Window, int MinSamples)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(5);
    public const int DefaultMinSamples = 5;
}

/// <summary>The share of failed checks over <see cref="Window"/> above <see cref="AbovePercent"/>, judged once the
/// window holds at least <see cref="MinSamples"/> results.</summary>
public sealed record FailureRateRule(double AbovePercent, TimeSpan Window, int MinSamples)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(15);
    public const int DefaultMinSamples = 5;
}

/// <summary>Which monitors a rules object is for: its type decides which rules are allowed.</summary>
public enum AlertRuleScope
{
    /// <summary>Config defaults: any rule; each monitor uses the ones that apply to its type.</summary>
    Any,
    Heartbeat,
    Active,
}
