namespace Vigil.Alerting.Rules;

/// <summary>
/// Rate limits on sending: at most <c>globalPerMinute</c> alerts a minute over all channels and
/// <c>perChannelPerMinute</c> per channel, in fixed windows aligned to the clock's minutes. An alert refused here is
/// not lost: the caller folds it into one summary for that channel. Thread-safe; memory is one counter per channel
/// that sent in the current minute.
/// </summary>
public sealed class StormGuard
{
    private readonly TimeProvider _time;
    private readonly int _globalPerMinute;
    private readonly int _perChannelPerMinute;
    private readonly Dictionary<Guid, int> _perChannel = [];
    private readonly Lock _lock = new();
    private long _minute = long.MinValue;
    private int _global;

    public StormGuard(TimeProvider time, int globalPerMinute, int perChannelPerMinute)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(globalPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(perChannelPerMinute, 1);
        _time = time;
        _globalPerMinute = globalPerMinute;
        _perChannelPerMinute = perChannelPerMinute;
    }

    /// <summary>True: send now (the alert is counted). False: a limit is reached this minute; fold it into a summary.</summary>
    public bool TryTake(Guid channel)
    {
        var minute = _time.GetUtcNow().ToUnixTimeSeconds() / 60;
        lock (_lock)
        {
            if (minute != _minute)
            {
                _minute = minute;
                _global = 0;
                _perChannel.Clear();
            }
            if (_global >= _globalPerMinute)
                return false;
            _perChannel.TryGetValue(channel, out var sent);
            if (sent >= _perChannelPerMinute)
                return false;
            _perChannel[channel] = sent + 1;
            _global++;
            return true;
        }
    }

    /// <summary>When the current window ends and the limits reset: the time to send the summaries of what was refused.</summary>
    public DateTimeOffset WindowEndsAt()
    {
        var now = _time.GetUtcNow();
        return DateTimeOffset.FromUnixTimeSeconds((now.ToUnixTimeSeconds() / 60 + 1) * 60);
    }
}
