using System.Diagnostics;
using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;

namespace Vigil.LoadTest.Scenarios;

/// <summary>steady: the monitors pinged in turn at a fixed total rate for the duration, open loop.</summary>
public static class SteadyScenario
{
    public static async Task<ScenarioOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var o = run.Options;
        var recorder = new Recorder(Stopwatch.GetTimestamp(), o.Duration);
        run.Progress.Phase($"steady {o.Rate:0} req/s", recorder, o.Duration);
        await OpenLoopDriver.RunAsync(run.Client, run.GoodPings(), new FixedRateSchedule(o.Rate, o.Duration), o.Connections, recorder, cancellationToken);
        return new ScenarioOutcome(recorder, []);
    }
}

/// <summary>burst: idle, then every monitor pings at the same instant; once per burst interval for the duration.</summary>
public static class BurstScenario
{
    public static async Task<ScenarioOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var o = run.Options;
        // Each burst carries every monitor once: one request each, or as many batches as that takes.
        var size = o.Batch > 0 ? (run.Targets.Count + o.Batch - 1) / o.Batch : run.Targets.Count;
        var recorder = new Recorder(Stopwatch.GetTimestamp(), o.Duration);
        run.Progress.Phase($"burst of {size} every {o.BurstInterval.TotalSeconds:0.#} s", recorder, o.Duration);
        // The first burst comes after one idle interval, so the server starts from rest.
        var schedule = new ShiftedSchedule(new BurstSchedule(size, o.BurstInterval, o.Duration - o.BurstInterval), o.BurstInterval);
        await OpenLoopDriver.RunAsync(run.Client, run.GoodPings(), schedule, o.Connections, recorder, cancellationToken);
        var outcome = new ScenarioOutcome(recorder, []);
        if (recorder.Requests == 0)
            outcome.Failures.Add("no burst fitted in the duration: make --duration longer than --burst-interval");
        return outcome;
    }

    private sealed class ShiftedSchedule(ISchedule inner, TimeSpan by) : ISchedule
    {
        private readonly long _byTicks = (long)(by.TotalSeconds * Stopwatch.Frequency);

        public bool TryGetDue(long index, out long dueTicks)
        {
            var ok = inner.TryGetDue(index, out dueTicks);
            dueTicks += _byTicks;
            return ok;
        }
    }
}

/// <summary>soak: steady for a long time, sampling the server's memory to report its trend after warm-up.</summary>
public static class SoakScenario
{
    public static async Task<ScenarioOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var o = run.Options;
        var recorder = new Recorder(Stopwatch.GetTimestamp(), o.Duration);
        run.Progress.Phase($"soak {o.Rate:0} req/s", recorder, o.Duration);
        var samples = new List<ServerSample>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sampling = SampleAsync(run.Probe, recorder.StartTimestamp, o.SampleInterval, samples, stop.Token);
        await OpenLoopDriver.RunAsync(run.Client, run.GoodPings(), new FixedRateSchedule(o.Rate, o.Duration), o.Connections, recorder, cancellationToken);
        await stop.CancelAsync();
        await sampling;
        var outcome = new ScenarioOutcome(recorder, samples);
        if (samples.Count < 3)
            outcome.Failures.Add($"only {samples.Count} server samples (is /metrics reachable?): no memory trend");
        return outcome;
    }

    private static async Task SampleAsync(ServerProbe probe, long start, TimeSpan interval, List<ServerSample> samples, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                if (await probe.SampleAsync(Stopwatch.GetElapsedTime(start).TotalSeconds, cancellationToken) is { } sample)
                    samples.Add(sample);
            } while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
        }
    }
}
