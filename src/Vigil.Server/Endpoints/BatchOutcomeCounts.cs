using Vigil.Core.Pings;
using Vigil.Server.Observability.Instruments;

namespace Vigil.Server.Endpoints;

/// <summary>
/// A batch's pings counted by kind and answer status, so the request adds to the ping counter once per kind and
/// outcome rather than once per ping.
/// </summary>
internal sealed class BatchOutcomeCounts
{
    private static readonly int[] Statuses = [200, 400, 404, 409, 429, 503];
    private static readonly string[] Outcomes =
    [
        PingOutcomes.Accepted, PingOutcomes.Invalid, PingOutcomes.NotFound, PingOutcomes.NotHeartbeat,
        PingOutcomes.RateLimited, PingOutcomes.Backpressure,
    ];
    private const int Kinds = 5; // the four kinds, and "unknown" for an item too broken to tell

    private readonly int[] _counts = new int[Kinds * 6];

    public void Add(PingKind? kind, int status)
    {
        var outcome = Array.IndexOf(Statuses, status);
        _counts[KindIndex(kind) * Statuses.Length + (outcome < 0 ? 1 : outcome)]++; // any other status: invalid
    }

    public void ReportTo(PingInstruments metrics)
    {
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] == 0)
                continue;
            var kind = i / Statuses.Length;
            metrics.Counted(kind == Kinds - 1 ? null : (PingKind)kind, Outcomes[i % Statuses.Length], _counts[i]);
        }
    }

    private static int KindIndex(PingKind? kind) => kind is { } k ? (int)k : Kinds - 1;
}
