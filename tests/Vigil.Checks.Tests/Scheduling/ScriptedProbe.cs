using System.Collections.Concurrent;
using Vigil.Checks.Probes;
using Vigil.Core.Checks;

namespace Vigil.Checks.Tests.Scheduling;

/// <summary>
/// A probe whose runs the test controls: scheduling is what is under test here, not a protocol. Each run is recorded
/// with the monitor's spec and the (fake) time it started, and then waits on <see cref="Gate"/> when one is set.
/// </summary>
internal sealed class ScriptedProbe(string type, TimeProvider time) : IProbe
{
    private int _running;
    private int _maxRunning;

    public string Type => type;

    public ConcurrentQueue<(CheckSpec Spec, DateTimeOffset At)> Starts { get; } = new();

    /// <summary>While set and not completed, runs wait for it (or their token).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public ProbeResult Outcome { get; set; } = ProbeResult.Success(TimeSpan.FromMilliseconds(3));

    public int Running => Volatile.Read(ref _running);

    public int MaxRunning => Volatile.Read(ref _maxRunning);

    public async Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken)
    {
        Starts.Enqueue((spec, time.GetUtcNow()));
        var running = Interlocked.Increment(ref _running);
        InterlockedMax(ref _maxRunning, running);
        try
        {
            if (Gate is { } gate)
                await gate.Task.WaitAsync(cancellationToken);
            return Outcome;
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private static void InterlockedMax(ref int field, int value)
    {
        var current = Volatile.Read(ref field);
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current)
            current = Volatile.Read(ref field);
    }
}
