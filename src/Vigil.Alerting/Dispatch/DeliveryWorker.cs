using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;
using Vigil.Alerting.Channels;
using Vigil.Storage.Alerts;
using Vigil.Storage.Writing;

namespace Vigil.Alerting.Dispatch;

/// <summary>
/// Sends each delivery until it is delivered, refused, or out of time, with exponential backoff and jitter between
/// tries (Polly). Every attempt is committed before the next step, so after a crash the stored state says what is
/// left to do; the alert's id goes with every try as its idempotency key, so a receiver can drop a repeat.
/// Sends run at most <see cref="DeliveryOptions.MaxConcurrentSends"/> at a time; waiting between tries holds no slot.
/// </summary>
public sealed class DeliveryWorker : IAsyncDisposable
{
    private static readonly ResiliencePropertyKey<Attempt> AttemptKey = new("vigil.delivery");

    private readonly Func<Guid, ChannelTarget?> _resolve;
    private readonly Func<StoreCommand, Task> _record;
    private readonly DeliveryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendSlots;
    private readonly ResiliencePipeline<Delivery> _retry;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _running = new();
    private int _disposed;

    /// <param name="resolve">The channel by id, as it is configured now; null once it was deleted.</param>
    /// <param name="record">Commits a store command (the batching writer's Submit).</param>
    public DeliveryWorker(Func<Guid, ChannelTarget?> resolve, Func<StoreCommand, Task> record, DeliveryOptions options, TimeProvider time, ILogger<DeliveryWorker> logger, DeliveryStats stats)
    {
        _resolve = resolve;
        _record = record;
        _options = options;
        _time = time;
        _logger = logger;
        Stats = stats;
        _sendSlots = new SemaphoreSlim(options.MaxConcurrentSends);
        _retry = new ResiliencePipelineBuilder<Delivery> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<Delivery>
            {
                ShouldHandle = static args => ValueTask.FromResult(args.Context.Properties.GetValue(AttemptKey, null!).State == DeliveryState.Pending),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryInitial,
                MaxDelay = options.RetryMax,
            })
            .Build();
    }

    public DeliveryStats Stats { get; }

    /// <summary>Deliveries being sent or waiting for their next try.</summary>
    public int InFlight => _running.Count;

    /// <summary>Starts sending <paramref name="job"/>; a delivery already in flight is not started twice.</summary>
    public void Send(DeliveryJob job)
    {
        if (_stopping.IsCancellationRequested || _running.ContainsKey(job.DeliveryId))
            return;
        var run = new TaskCompletionSource();
        if (!_running.TryAdd(job.DeliveryId, run.Task))
            return;
        _ = RunAsync(job).ContinueWith(_ =>
        {
            _running.TryRemove(job.DeliveryId, out var _);
            run.SetResult();
        }, TaskScheduler.Default);
    }

    private async Task RunAsync(DeliveryJob job)
    {
        var context = ResilienceContextPool.Shared.Get(_stopping.Token);
        var attempt = new Attempt(job);
        context.Properties.Set(AttemptKey, attempt);
        try
        {
            await _retry.ExecuteAsync(static (ctx, self) => self.TryOnceAsync(ctx), context, this);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down: the delivery stays pending in storage and is picked up after the restart.
        }
        catch (Exception error)
        {
            _logger.LogError(error, "Delivery {Delivery} stopped unexpectedly; it stays pending and is retried after a restart", job.DeliveryId);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>One try: send, decide the state it leaves, and commit the attempt before Polly decides to wait and retry.</summary>
    private async ValueTask<Delivery> TryOnceAsync(ResilienceContext context)
    {
        var attempt = context.Properties.GetValue(AttemptKey, null!);
        var job = attempt.Job;
        var started = Stopwatch.GetTimestamp();
        Delivery delivery;
        await _sendSlots.WaitAsync(context.CancellationToken);
        try
        {
            delivery = await SendOnceAsync(job, context.CancellationToken);
        }
        finally
        {
            _sendSlots.Release();
        }
        var took = Stopwatch.GetElapsedTime(started);
        Stats.Attempted(delivery.Outcome, took);
        attempt.State = delivery.Outcome switch
        {
            DeliveryOutcome.Delivered => DeliveryState.Delivered,
            DeliveryOutcome.Retry when _time.GetUtcNow() < job.GiveUpAt => DeliveryState.Pending,
            _ => DeliveryState.Dead,
        };
        if (attempt.State == DeliveryState.Dead)
        {
            Stats.WentDead();
            _logger.LogWarning("Alert {Alert} to channel {Channel} went to the dead letter: {Detail}", job.Message.Id, job.Channel, delivery.Detail);
        }
        await _record(new RecordAttempt(job.DeliveryId, _time.GetUtcNow(), (int)delivery.Outcome, delivery.Detail, (int)took.TotalMilliseconds, attempt.State));
        return delivery;
    }

    private async Task<Delivery> SendOnceAsync(DeliveryJob job, CancellationToken stopping)
    {
        if (_resolve(job.Channel) is not { } target)
            return Delivery.Failed("the channel was deleted");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(_options.SendTimeout);
        try
        {
            return await target.Channel.SendAsync(target.Settings, job.Message, timeout.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return Delivery.Retry($"no answer within {_options.SendTimeout.TotalSeconds:0} s");
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // Channels answer receiver faults with Retry/Failed themselves; anything thrown is a fault of ours, worth a retry.
            _logger.LogError(error, "Channel {Channel} ({Type}) threw while sending alert {Alert}", target.Name, target.Channel.Type, job.Message.Id);
            return Delivery.Retry($"sending failed: {error.GetType().Name}");
        }
    }

    /// <summary>Stops every send; deliveries not finished stay pending in storage for the next start. Safe to call again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        await _stopping.CancelAsync();
        await Task.WhenAll(_running.Values);
        _stopping.Dispose();
        _sendSlots.Dispose();
    }

    private sealed class Attempt(DeliveryJob job)
    {
        public DeliveryJob Job { get; } = job;

        public DeliveryState State { get; set; } = DeliveryState.Pending;
    }
}
