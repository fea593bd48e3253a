using Vigil.Core.Checks;

namespace Vigil.Checks.Probes;

/// <summary>
/// Runs one check of one monitor type. The caller's token fires at the monitor's timeout (or on shutdown): a probe
/// lets the resulting <see cref="OperationCanceledException"/> escape and the runner reports it as a timeout.
/// Every other failure a probe can name it returns as a <see cref="ProbeResult"/> with its error class.
/// </summary>
public interface IProbe
{
    /// <summary>The monitor type this probe runs ("http", "tcp", …).</summary>
    string Type { get; }

    Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken);
}

/// <summary>Base for a probe of one spec type.</summary>
public abstract class Probe<TSpec> : IProbe where TSpec : CheckSpec
{
    public abstract string Type { get; }

    public Task<ProbeResult> RunAsync(CheckSpec spec, CancellationToken cancellationToken) => RunAsync((TSpec)spec, cancellationToken);

    protected abstract Task<ProbeResult> RunAsync(TSpec spec, CancellationToken cancellationToken);
}
