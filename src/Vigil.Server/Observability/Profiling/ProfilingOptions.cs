namespace Vigil.Server.Observability.Profiling;

/// <summary>
/// Bounds of the profiling endpoints. <see cref="TraceBufferMb"/> is the runtime's in-process event buffer for the one
/// trace that may run at a time: when the client reads slower than events arrive, the oldest events are dropped
/// rather than memory growing.
/// </summary>
public sealed record ProfilingOptions
{
    public const int MaxTraceSeconds = 60;

    /// <summary>Trace length when the request names none (1..60).</summary>
    public int DefaultTraceSeconds { get; init; } = 10;

    /// <summary>EventPipe circular buffer for a trace, in MB (1..1024).</summary>
    public int TraceBufferMb { get; init; } = 64;
}
