using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.States;

namespace Vigil.Storage.Writing;

/// <summary>One queued write: a ping (kept inline, so queuing a ping allocates nothing), a flip, a check result, a notice, or a command.</summary>
public readonly struct WriteItem
{
    public WriteItem(in PingEvent ping) => Ping = ping;

    public WriteItem(Flip flip) => Other = flip;

    public WriteItem(CheckResult result) => Other = result;

    public WriteItem(StoreCommand command) => Other = command;

    public WriteItem(AlertNotice notice) => Other = notice;

    public PingEvent Ping { get; }

    /// <summary>A <see cref="Flip"/>, a <see cref="CheckResult"/>, an <see cref="AlertNotice"/> or a <see cref="StoreCommand"/>; null for a ping.</summary>
    public object? Other { get; }
}
