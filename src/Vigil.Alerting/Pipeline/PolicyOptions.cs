namespace Vigil.Alerting.Pipeline;

/// <summary>The alert policy's settings; see docs/configuration.md (alerts.*).</summary>
/// <param name="RetryFor">How long a delivery is retried before it goes dead (sets each delivery's give-up time).</param>
/// <param name="PublicUrl">Vigil's address as people reach it, for links in messages; null leaves links out.</param>
/// <param name="SystemChannels">Channel ids or names that get Vigil's own alerts; empty: every channel.</param>
public sealed record PolicyOptions(int StormPerMinute, int ChannelPerMinute, TimeSpan RetryFor, string? PublicUrl, IReadOnlyList<string> SystemChannels)
{
    public static readonly PolicyOptions Default = new(60, 30, TimeSpan.FromDays(1), null, []);
}
