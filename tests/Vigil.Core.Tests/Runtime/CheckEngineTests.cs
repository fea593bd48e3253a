using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;
using Vigil.Core.Runtime;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Core.Tests.Runtime;

public class CheckEngineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private readonly RecordingSink _sink = new();

    private static MonitorRuntime Monitor(CheckSpec spec, MonitorStatus status = MonitorStatus.New)
    {
        var definition = new MonitorDefinition(Guid.NewGuid(), "api", "api", [], "", new SimpleSchedule(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), false, T0)
        {
            Check = spec,
        };
        return new MonitorRuntime(new MonitorRecord(1, definition, MonitorStateRecord.New with { Status = status }));
    }

    private static CheckResult Result(MonitorRuntime monitor, int second, CheckStatus status, CheckError error = CheckError.None, int ms = 5) =>
        new(monitor.Id, monitor.Seq, T0.AddSeconds(second), status, TimeSpan.FromMilliseconds(ms), error, status == CheckStatus.Down ? "connection refused" : "HTTP 200", null);

    [Fact]
    public void Stores_every_result_and_records_a_flip_with_a_reason_when_the_status_moves()
    {
        var engine = new CheckEngine(_sink);
        var monitor = Monitor(new TcpCheckSpec { Host = "127.0.0.1", Port = 1, FailuresBeforeDown = 2 });

        engine.Record(monitor, Result(monitor, 1, CheckStatus.Up));
        engine.Record(monitor, Result(monitor, 2, CheckStatus.Down, CheckError.Connect));
        engine.Record(monitor, Result(monitor, 3, CheckStatus.Down, CheckError.Connect));

        Assert.Equal(3, _sink.Results.Count);
        Assert.Equal(MonitorStatus.Down, monitor.Status);
        Assert.Equal(T0.AddSeconds(3), monitor.StatusChangedAt);
        Assert.Equal(T0.AddSeconds(3), monitor.LastCheckResult!.At);
        Assert.Collection(_sink.Flips,
            f => Assert.Equal((MonitorStatus.New, MonitorStatus.Up), (f.From, f.To)),
            f =>
            {
                Assert.Equal((MonitorStatus.Up, MonitorStatus.Down), (f.From, f.To));
                Assert.Equal("2 failed checks in a row; last: connect: connection refused", f.Reason);
            });
    }

    [Fact]
    public void A_full_write_queue_drops_the_result_but_still_judges_it()
    {
        var engine = new CheckEngine(_sink);
        var monitor = Monitor(new TcpCheckSpec { Host = "127.0.0.1", Port = 1 }, MonitorStatus.Up);
        _sink.HasRoom = false;

        engine.Record(monitor, Result(monitor, 1, CheckStatus.Down, CheckError.Connect));

        Assert.Empty(_sink.Results);
        Assert.Equal(1, engine.ResultsNotStored);
        Assert.Equal(MonitorStatus.Down, monitor.Status);
        Assert.Single(_sink.Flips);
    }

    [Fact]
    public void Paused_and_heartbeat_monitors_are_left_alone()
    {
        var engine = new CheckEngine(_sink);
        var paused = Monitor(new TcpCheckSpec { Host = "127.0.0.1", Port = 1 }, MonitorStatus.Paused);
        engine.Record(paused, Result(paused, 1, CheckStatus.Down, CheckError.Connect));
        Assert.Equal(MonitorStatus.Paused, paused.Status);
        Assert.Empty(_sink.Results);
    }
}
