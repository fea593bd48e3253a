using System.Diagnostics.Metrics;

namespace Vigil.Core.Metering;

/// <summary>
/// Where a component records when its owner gives it no meter (unit tests, tools). It has no scope, so no host's
/// /metrics page listens to it, and recording on it costs next to nothing.
/// </summary>
public static class UnlistenedMeter
{
    public static readonly Meter Instance = new("Vigil.Unlistened");
}
