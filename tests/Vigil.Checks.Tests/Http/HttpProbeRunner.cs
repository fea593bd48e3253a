using Vigil.Checks.Probes;
using Vigil.Core.Checks;

namespace Vigil.Checks.Tests.Http;

/// <summary>Runs a probe the way the runner does, with a token that fires at the check's timeout.</summary>
internal static class HttpProbeRunner
{
    public static async Task<ProbeResult> RunAsync(IProbe probe, CheckSpec spec, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        return await probe.RunAsync(spec, cancellation.Token);
    }
}
