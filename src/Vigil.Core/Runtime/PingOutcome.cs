namespace Vigil.Core.Runtime;

public enum PingResult : byte
{
    /// <summary>Recorded; await <see cref="PingOutcome.Committed"/> before saying so.</summary>
    Accepted,
    /// <summary>Over the per-monitor rate limit: answer 429 with Retry-After.</summary>
    RateLimited,
    /// <summary>The write queue is full: answer 503 with Retry-After. Nothing was changed.</summary>
    QueueFull,
    /// <summary>The monitor is an active check, which Vigil runs itself: answer 409. Nothing was changed.</summary>
    NotHeartbeat,
}

public readonly record struct PingOutcome(PingResult Result, Task Committed, int RetryAfterSeconds)
{
    public static PingOutcome Full => new(PingResult.QueueFull, Task.CompletedTask, 1);
}
