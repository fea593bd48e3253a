using Vigil.LoadTest.Driving;
using Vigil.LoadTest.Measuring;
using Vigil.LoadTest.Reporting;

namespace Vigil.LoadTest.Scenarios;

/// <summary>What every scenario gets: the options, the load client, the monitors to ping and the server probe.</summary>
public sealed record RunContext(LoadTestOptions Options, HttpClient Client, IReadOnlyList<string> Targets, ServerProbe Probe, ILoadTestProgress Progress)
{
    /// <summary>The good pings: each monitor's URL, or batches through the batch endpoint.</summary>
    public IRequestSource GoodPings(IReadOnlyList<string>? targets = null) => Options.Batch > 0
        ? new BatchRequests(Options.BaseUrl, targets ?? Targets, Options.Batch)
        : new PingRequests(Options.BaseUrl, targets ?? Targets);
}

/// <summary>What a scenario hands back to the runner.</summary>
public sealed record ScenarioOutcome(Recorder Main, IReadOnlyList<ServerSample> Samples)
{
    public RampReport? Ramp { get; init; }
    public AbuseReport? Abuse { get; init; }
    public List<string> Failures { get; } = [];
}

/// <summary>Told what is happening, for a live display. Phases start with the recorder to watch.</summary>
public interface ILoadTestProgress
{
    void Phase(string name, Recorder recorder, TimeSpan expected);

    void Note(string text);
}

public sealed class NoProgress : ILoadTestProgress
{
    public static readonly NoProgress Instance = new();

    public void Phase(string name, Recorder recorder, TimeSpan expected)
    {
    }

    public void Note(string text)
    {
    }
}
