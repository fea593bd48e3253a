using Vigil.Core.Runtime;

namespace Vigil.Server.Hosting;

/// <summary>Sweeps the deadline wheel on a TimeProvider timer, so tests drive it with a fake clock instead of sleeping.</summary>
public sealed class DeadlineSweeper(HeartbeatEngine engine, TimeProvider time, Configuration.DeadlineOptions options, ILogger<DeadlineSweeper> logger)
    : IHostedService, IDisposable
{
    private ITimer? _timer;
    private int _sweeping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = time.CreateTimer(_ => Sweep(), null, options.Tick, options.Tick);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void Sweep()
    {
        if (Interlocked.Exchange(ref _sweeping, 1) == 1)
            return; // the previous sweep is still running; it will pick up everything due
        try
        {
            engine.Tick();
        }
        catch (Exception error)
        {
            logger.LogError(error, "Sweeping the deadline wheel failed; the next tick retries");
        }
        finally
        {
            Volatile.Write(ref _sweeping, 0);
        }
    }
}
