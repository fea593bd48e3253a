using Vigil.Core.Checks;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>What an active monitor remembers between runs. Guarded by the monitor's lock, except the result reference.</summary>
internal sealed class ActiveCheckState
{
    public CheckStreaks Streaks;

    private CheckResult? _lastResult;

    public CheckResult? LastResult
    {
        get => Volatile.Read(ref _lastResult);
        set => Volatile.Write(ref _lastResult, value);
    }
}
