using System.Diagnostics.Metrics;
using Vigil.Server.Observability.Instruments;

namespace Vigil.Server.Observability.Requests;

/// <summary>The "Vigil.Http" meter: request duration per route template, method and status class, and requests in flight.</summary>
public sealed class HttpInstruments
{

    private static readonly double[] SecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public HttpInstruments(IMeterFactory meters)
    {
        var meter = meters.Create(MeterNames.Http);
        Duration = meter.CreateHistogram<double>(
            "vigil.http.server.request.duration", "s",
            "Time from a request reaching Vigil's pipeline to its answer, per route template, method and status class",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        ActiveRequests = meter.CreateUpDownCounter<long>("vigil.http.server.active_requests", "{request}", "Requests being handled now");
    }

    public Histogram<double> Duration { get; }

    public UpDownCounter<long> ActiveRequests { get; }
}
