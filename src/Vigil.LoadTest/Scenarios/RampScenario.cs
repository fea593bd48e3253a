using System.Diagnostics;
using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;
using Vigil.LoadTest.Reporting;

namespace Vigil.LoadTest.Scenarios;

/// <summary>
/// ramp: steps of a fixed rate, each <c>step-factor</c> times the last, until a step's p99 passes the limit or its
/// errors pass 1 %. The knee is the highest rate that stayed within both.
/// </summary>
public static class RampScenario
{
    public const double MaxErrorRate = 0.01;

    public static async Task<ScenarioOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        var o = run.Options;
        var whole = new Recorder(Stopwatch.GetTimestamp(), o.Duration);
        var steps = new List<RampStep>();
        var source = run.GoodPings();
        double? knee = null;
        string? reason = null;
        var rate = o.Rate;
        while (!cancellationToken.IsCancellationRequested)
        {
            var left = o.Duration - Stopwatch.GetElapsedTime(whole.StartTimestamp);
            if (left < o.StepDuration / 2)
            {
                reason = $"--duration ended before the limits were passed (last step {rate / o.StepFactor:0} req/s)";
                break;
            }
            var length = left < o.StepDuration ? left : o.StepDuration;
            var step = new Recorder(Stopwatch.GetTimestamp(), length, alsoTo: whole);
            run.Progress.Phase($"ramp step {steps.Count + 1}: {rate:0} req/s", step, length);
            await OpenLoopDriver.RunAsync(run.Client, source, new FixedRateSchedule(rate, length), o.Connections, step, cancellationToken);
            var p99 = step.Latency.ValueAtPercentile(99) / 1e6;
            var errors = step.Requests == 0 ? 0 : step.Errors.Total / (double)step.Requests;
            var within = p99 <= o.P99LimitMs && errors <= MaxErrorRate;
            steps.Add(new RampStep(Math.Round(rate, 1), Math.Round(step.Requests / Math.Max(step.ElapsedSeconds, 1e-9), 1), step.Requests,
                Math.Round(step.Latency.ValueAtPercentile(50) / 1e6, 4), Math.Round(p99, 4), Math.Round(errors, 6), within));
            if (!within)
            {
                reason = p99 > o.P99LimitMs
                    ? $"p99 {p99:0.###} ms passed --p99-limit {o.P99LimitMs} ms at {rate:0} req/s"
                    : $"errors {errors:P2} passed 1 % at {rate:0} req/s";
                break;
            }
            knee = Math.Round(rate, 1);
            if (rate >= o.MaxRate)
            {
                reason = $"reached --max-rate {o.MaxRate:0} req/s within the limits";
                break;
            }
            rate = Math.Min(rate * o.StepFactor, o.MaxRate);
        }
        var outcome = new ScenarioOutcome(whole, []) { Ramp = new RampReport(knee, reason ?? "stopped", steps) };
        return outcome;
    }
}
