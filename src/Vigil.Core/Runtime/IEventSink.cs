using Vigil.Core.Alerts;
using Vigil.Core.Checks;
using Vigil.Core.Pings;
using Vigil.Core.States;

namespace Vigil.Core.Runtime;

/// <summary>Where the engine hands what must be stored. Storage's batching writer implements it.</summary>
public interface IEventSink
{
    /// <summary>False when the write queue is full: the caller must refuse the ping (503), never drop it.</summary>
    bool HasRoom { get; }

    /// <summary>Queues a ping; the task completes once it is durable (or at once in buffered mode).</summary>
    Task Append(in PingEvent ping);

    /// <summary>Queues a state change; the task completes once it is durable (or at once in buffered mode).</summary>
    Task Append(Flip flip);

    /// <summary>Queues a check result; the task completes once it is durable (or at once in buffered mode).</summary>
    Task Append(CheckResult result);

    /// <summary>Queues a notice for the alert outbox; the task completes once it is durable (or at once in buffered mode).</summary>
    Task Append(AlertNotice notice);
}
