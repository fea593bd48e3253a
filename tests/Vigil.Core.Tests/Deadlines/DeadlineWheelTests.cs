using Vigil.Core.Deadlines;
using Vigil.Core.Runtime;

namespace Vigil.Core.Tests.Deadlines;

public sealed class DeadlineWheelTests
{
    private static readonly DateTimeOffset T0 = TestData.Origin;
    private static readonly TimeSpan Width = TimeSpan.FromSeconds(1);

    private readonly List<(MonitorRuntime Monitor, DateTimeOffset At)> _judged = [];

    /// <summary>A judge that records each call and asks for no further check.</summary>
    private DateTimeOffset? Record(MonitorRuntime monitor, DateTimeOffset now)
    {
        _judged.Add((monitor, now));
        return null;
    }

    private static DateTimeOffset S(double seconds) => T0 + TimeSpan.FromSeconds(seconds);

    private void AdvanceEachSlot(DeadlineWheel wheel, DateTimeOffset from, DateTimeOffset to)
    {
        for (var now = from; now <= to; now += Width)
            wheel.Advance(now, Record);
    }

    [Fact]
    public void Advance_FiledMonitors_JudgedInDueOrderAtTheirSlot()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var (a, b, c, d) = (TestData.Monitor(1), TestData.Monitor(2), TestData.Monitor(3), TestData.Monitor(4));
        wheel.File(c, S(3.5));
        wheel.File(a, S(1.2));
        wheel.File(d, S(7));
        wheel.File(b, S(2));
        Assert.Equal(4, wheel.Count);

        AdvanceEachSlot(wheel, T0, S(10));

        Assert.Equal([a, b, c, d], _judged.Select(j => j.Monitor));
        Assert.Equal([S(2), S(2), S(4), S(7)], _judged.Select(j => j.At));
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Advance_BeforeDeadline_NotJudgedEarly()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(2));

        wheel.Advance(S(1.999), Record);
        Assert.Empty(_judged);

        wheel.Advance(S(2), Record);
        Assert.Equal(S(2), Assert.Single(_judged).At);
    }

    [Fact]
    public void Advance_DeadlineInPast_JudgedOnNextAdvance()
    {
        var wheel = new DeadlineWheel(Width, S(10), slotCount: 16);
        var monitor = TestData.Monitor(1);

        wheel.File(monitor, S(3));
        wheel.Advance(S(10), Record);

        Assert.Equal(S(10), Assert.Single(_judged).At);
    }

    [Fact]
    public void Advance_DueSlot_SweptOnce()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(1));

        wheel.Advance(S(1), Record);
        wheel.Advance(S(1), Record);
        wheel.Advance(S(1.5), Record);
        AdvanceEachSlot(wheel, S(2), S(40)); // more than two laps

        Assert.Single(_judged);
    }

    [Fact]
    public void Advance_SweptListsReusedOverManyLaps_EveryMonitorJudgedOncePerPeriod()
    {
        // Swept slots hand their emptied lists on to the next slot swept; over many laps of a small wheel, with
        // monitors re-filed into the very slot index being swept (period = one lap), none may be lost or doubled.
        var wheel = new DeadlineWheel(Width, T0, slotCount: 8);
        var monitors = Enumerable.Range(1, 40).Select(i => TestData.Monitor(i)).ToList();
        for (var i = 0; i < monitors.Count; i++)
            wheel.File(monitors[i], S(1 + (i % 8)));
        var judged = monitors.ToDictionary(m => m, _ => 0);

        for (var now = T0; now <= S(8 * 10); now += Width)
            wheel.Advance(now, (monitor, at) =>
            {
                judged[monitor]++;
                return at + TimeSpan.FromSeconds(8); // the same slot index, one lap later
            });

        Assert.All(judged.Values, count => Assert.Equal(10, count));
        Assert.Equal(monitors.Count, wheel.Count);
    }

    [Fact]
    public void Advance_JudgeAsksForNextCheck_Refiled()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        var seen = new List<DateTimeOffset>();
        wheel.File(monitor, S(1));

        for (var now = T0; now <= S(30); now += Width)
        {
            wheel.Advance(now, (_, at) =>
            {
                seen.Add(at);
                return at + TimeSpan.FromSeconds(5);
            });
        }

        Assert.Equal([S(1), S(6), S(11), S(16), S(21), S(26)], seen);
        Assert.Equal(1, wheel.Count);
    }

    [Theory]
    [InlineData(16)]  // exactly one lap ahead: same slot index as "now"
    [InlineData(40)]  // two laps and a bit
    [InlineData(1000)]
    public void Advance_LaterLap_NotJudgedEarly(int seconds)
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(seconds));

        AdvanceEachSlot(wheel, T0, S(seconds - 1));
        Assert.Empty(_judged);
        Assert.Equal(1, wheel.Count);

        wheel.Advance(S(seconds), Record);
        Assert.Equal(S(seconds), Assert.Single(_judged).At);
    }

    [Fact]
    public void Advance_RefiledElsewhere_StaleCopyDropped()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(5));
        wheel.File(monitor, S(10));
        Assert.Equal(2, wheel.Count); // the stale copy is counted until swept

        AdvanceEachSlot(wheel, T0, S(9));
        Assert.Empty(_judged);
        Assert.Equal(1, wheel.Count);

        wheel.Advance(S(10), Record);
        Assert.Equal(S(10), Assert.Single(_judged).At);
    }

    [Fact]
    public void Advance_RefiledToSameIndexNextLap_JudgedOnlyAtNewSlot()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(5));
        wheel.File(monitor, S(21)); // same slot index, one lap later

        AdvanceEachSlot(wheel, T0, S(40));

        Assert.Equal(S(21), Assert.Single(_judged).At);
    }

    [Fact]
    public void Advance_RefiledEarlier_JudgedOnceAtEarlierSlot()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(10));
        wheel.File(monitor, S(3));

        AdvanceEachSlot(wheel, T0, S(40));

        Assert.Equal(S(3), Assert.Single(_judged).At);
    }

    [Fact]
    public void File_SameSlotTwice_FiledOnce()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);

        wheel.File(monitor, S(4.2));
        wheel.File(monitor, S(4.7));

        Assert.Equal(1, wheel.Count);
    }

    [Fact]
    public void File_NullDue_Unfiled()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(4));

        wheel.File(monitor, null);
        AdvanceEachSlot(wheel, T0, S(40));

        Assert.Empty(_judged);
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void RequestCheck_Repeated_QueuedOnceAndJudgedOnce()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);

        wheel.RequestCheck(monitor);
        wheel.RequestCheck(monitor);
        wheel.RequestCheck(monitor);
        Assert.Equal(1, wheel.InboxCount);

        wheel.Advance(T0, Record);
        Assert.Equal(0, wheel.InboxCount);
        Assert.Equal(T0, Assert.Single(_judged).At);

        wheel.RequestCheck(monitor);
        Assert.Equal(1, wheel.InboxCount);
    }

    [Fact]
    public void RequestCheck_ManyThreads_QueuedOnce()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitors = Enumerable.Range(1, 10).Select(i => TestData.Monitor(i)).ToArray();

        Parallel.For(0, 10_000, i => wheel.RequestCheck(monitors[i % monitors.Length]));
        wheel.Advance(T0, Record);

        Assert.Equal(monitors.Length, _judged.Count);
        Assert.Equal(monitors.Length, _judged.Select(j => j.Monitor).Distinct().Count());
    }

    [Fact]
    public void RequestCheck_FiledMonitor_RefiledAtNewDueAndOldCopyDropped()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var monitor = TestData.Monitor(1);
        wheel.File(monitor, S(10));
        var seen = new List<DateTimeOffset>();

        wheel.RequestCheck(monitor);
        for (var now = T0; now <= S(20); now += Width)
        {
            wheel.Advance(now, (_, at) =>
            {
                seen.Add(at);
                return seen.Count == 1 ? S(4) : null;
            });
        }

        Assert.Equal([T0, S(4)], seen);
    }

    [Fact]
    public void Advance_FarBehind_JudgesEverythingDueAndNothingLater()
    {
        var wheel = new DeadlineWheel(Width, T0, slotCount: 16);
        var due = Enumerable.Range(1, 50).Select(i => TestData.Monitor(i)).ToArray();
        for (var i = 0; i < due.Length; i++)
            wheel.File(due[i], S(i + 1));
        var later = new[] { TestData.Monitor(101), TestData.Monitor(102) };
        wheel.File(later[0], S(1005));
        wheel.File(later[1], S(1020));

        wheel.Advance(S(1000), Record);

        Assert.Equal(due.Length, _judged.Count);
        Assert.Equal(due.ToHashSet(), _judged.Select(j => j.Monitor).ToHashSet());
        Assert.All(_judged, j => Assert.Equal(S(1000), j.At));

        _judged.Clear();
        AdvanceEachSlot(wheel, S(1001), S(1030));
        Assert.Equal([(later[0], S(1005)), (later[1], S(1020))], _judged);
    }

    [Fact]
    public void Constructor_SlotCountNotPowerOfTwo_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeadlineWheel(Width, T0, slotCount: 1000));
    }

    [Fact]
    public void Advance_HundredThousandMonitors_EachJudgedOnceWithinOneSlotOfDeadline()
    {
        const int count = 100_000;
        var width = TimeSpan.FromMilliseconds(100);
        var step = width / 4;
        var wheel = new DeadlineWheel(width, T0); // default 16384 slots ≈ 27 min
        var random = new Random(42);
        var deadlines = new DateTimeOffset[count + 1];
        var judgedAt = new DateTimeOffset?[count + 1];
        var judgedTwice = 0;
        var horizon = TimeSpan.FromMinutes(40); // some deadlines lie beyond the wheel's length
        for (var seq = 1; seq <= count; seq++)
        {
            deadlines[seq] = T0 + TimeSpan.FromTicks(1 + random.NextInt64(horizon.Ticks));
            wheel.File(TestData.Monitor(seq), deadlines[seq]);
        }

        for (var now = T0; now <= T0 + horizon + width; now += step)
        {
            wheel.Advance(now, (monitor, at) =>
            {
                if (judgedAt[monitor.Seq] is not null)
                    judgedTwice++;
                judgedAt[monitor.Seq] ??= at;
                return null;
            });
        }

        Assert.Equal(0, judgedTwice);
        var maxLag = TimeSpan.Zero;
        var minLag = TimeSpan.MaxValue;
        for (var seq = 1; seq <= count; seq++)
        {
            Assert.True(judgedAt[seq] is not null, $"monitor {seq} (due {deadlines[seq]:O}) was never judged");
            var lag = judgedAt[seq]!.Value - deadlines[seq];
            maxLag = lag > maxLag ? lag : maxLag;
            minLag = lag < minLag ? lag : minLag;
        }
        Assert.True(minLag >= TimeSpan.Zero, $"a monitor was judged {-minLag} before its deadline");
        Assert.True(maxLag < width, $"max lag {maxLag} is not within one slot ({width})");
        Assert.Equal(0, wheel.Count);
    }
}
