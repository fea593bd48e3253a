using Vigil.Core.Checks;

namespace Vigil.Checks.Probes;

/// <summary>What a probe saw. Whether a slow success counts as degraded is the runner's call, not the probe's.</summary>
public sealed record ProbeResult(bool Ok, CheckError Error, string Message, TimeSpan Latency, PhaseTimings? Phases = null)
{
    public static ProbeResult Success(TimeSpan latency, string message = "ok", PhaseTimings? phases = null) =>
        new(true, CheckError.None, message, latency, phases);

    public static ProbeResult Failure(CheckError error, string message, TimeSpan latency, PhaseTimings? phases = null) =>
        new(false, error, message, latency, phases);
}
