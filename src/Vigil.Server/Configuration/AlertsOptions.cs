using Vigil.Core.Alerts;

namespace Vigil.Server.Configuration;

/// <summary>The <c>alerts:</c> section: default rules, delivery retries, rate limits and where Vigil's own alerts go.</summary>
public sealed record AlertsOptions
{
    /// <summary>Rules for monitors without their own "alerts" and without a tag in <see cref="TagDefaults"/>.</summary>
    public AlertRules Defaults { get; init; } = AlertRules.Default;

    /// <summary>Rules per tag; a monitor without its own rules takes the first of its tags (in its tag order) listed here.</summary>
    public IReadOnlyDictionary<string, AlertRules> TagDefaults { get; init; } = new Dictionary<string, AlertRules>();

    /// <summary>How long a failing delivery is retried before it is dead-lettered.</summary>
    public int RetryForMinutes { get; init; } = 1440;

    /// <summary>First retry delay; it doubles (with jitter) up to <see cref="RetryMaxSeconds"/>.</summary>
    public int RetryInitialSeconds { get; init; } = 5;
    public int RetryMaxSeconds { get; init; } = 300;

    /// <summary>Alerts sent per minute over all channels; past it they are folded into summaries.</summary>
    public int StormPerMinute { get; init; } = 60;

    /// <summary>Alerts sent per minute to one channel; past it they are folded into a summary for that channel.</summary>
    public int ChannelPerMinute { get; init; } = 30;

    /// <summary>Longest time one send may take (a channel's own timeout_seconds, when shorter, wins).</summary>
    public int SendTimeoutSeconds { get; init; } = 10;
    public int MaxConcurrentSends { get; init; } = 16;

    /// <summary>Whether channels of type "shell" (run a command) may be created.</summary>
    public bool AllowShellChannel { get; init; }

    /// <summary>Base URL for links in alert messages; null: <c>server.public_url</c>, and without that no link.</summary>
    public Uri? PublicUrl { get; init; }

    /// <summary>Channel ids or names that get Vigil's own alerts (storage errors, queue saturation …); empty: every channel.</summary>
    public IReadOnlyList<string> SystemChannels { get; init; } = [];

    public TimeSpan RetryFor => TimeSpan.FromMinutes(RetryForMinutes);
    public TimeSpan RetryInitial => TimeSpan.FromSeconds(RetryInitialSeconds);
    public TimeSpan RetryMax => TimeSpan.FromSeconds(RetryMaxSeconds);
    public TimeSpan SendTimeout => TimeSpan.FromSeconds(SendTimeoutSeconds);
}
