using Vigil.Core.Checks;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// When each phase of one check started and ended, as <see cref="TimeProvider"/> timestamps; 0 means the phase did
/// not happen. Filled in by the connect and TLS callbacks and by the probe; plain fields because each is written once.
/// </summary>
internal sealed class ConnectionTimeline
{
    public long StartedAt;
    public long DnsStartedAt;
    public long DnsDoneAt;
    public long ConnectStartedAt;
    public long ConnectedAt;
    public long TlsDoneAt;
    public long FirstByteAt;

    /// <summary>Set by the connect or TLS step that failed, which knows more than the exception the client wraps it in.</summary>
    public CheckError FailureError { get; private set; }

    public string FailureMessage { get; private set; } = "";

    public void Fail(CheckError error, string message)
    {
        FailureError = error;
        FailureMessage = message;
    }

    /// <summary>Dns, Connect and Tls are each their phase's own duration; FirstByte and Total run from the start of the check.</summary>
    public PhaseTimings ToPhases(TimeProvider time, long endedAt) => new(
        Between(time, DnsStartedAt, DnsDoneAt),
        Between(time, ConnectStartedAt, ConnectedAt),
        Between(time, ConnectedAt, TlsDoneAt),
        Between(time, StartedAt, FirstByteAt),
        time.GetElapsedTime(StartedAt, endedAt));

    private static TimeSpan? Between(TimeProvider time, long from, long to) =>
        from != 0 && to >= from ? time.GetElapsedTime(from, to) : null;
}
