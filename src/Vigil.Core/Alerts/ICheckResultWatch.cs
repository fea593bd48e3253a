using Vigil.Core.Checks;
using Vigil.Core.Runtime;

namespace Vigil.Core.Alerts;

/// <summary>
/// Looks at each finished check run of a monitor for what its status alone does not say (latency p95 or failure rate
/// over a window crossing its limit). Called under the monitor's lock, so one monitor's runs arrive one at a time.
/// </summary>
public interface ICheckResultWatch
{
    /// <summary>A notice for the alert outbox, or null when nothing crossed.</summary>
    AlertNotice? Observe(MonitorRuntime monitor, CheckResult result);
}
