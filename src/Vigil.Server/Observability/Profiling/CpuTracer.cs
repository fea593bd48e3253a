using System.Buffers;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Net.Http.Headers;
using Vigil.Server.Http;
using Vigil.Server.Observability.Logging;

namespace Vigil.Server.Observability.Profiling;

/// <summary>
/// Records an EventPipe CPU-sampling trace of this process and streams it to the response as a .nettrace file while it
/// is recorded: nothing is buffered beyond the runtime's bounded session buffer. One trace at a time; a client that
/// goes away stops its session.
/// </summary>
public sealed class CpuTracer(ProfilingOptions options, TimeProvider time, ILogger<CpuTracer> logger)
{
    // Stopping makes the runtime write its rundown (every loaded method's name), which can take a while on a busy host.
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);
    private int _busy;

    /// <summary>Claims the one trace slot; false while another trace runs. Pair with <see cref="Release"/>.</summary>
    public bool TryClaim() => Interlocked.CompareExchange(ref _busy, 1, 0) == 0;

    public void Release() => Volatile.Write(ref _busy, 0);

    /// <summary>Streams a trace of <paramref name="duration"/> (on the host's clock) as the response.</summary>
    public async Task WriteAsync(HttpContext context, TimeSpan duration)
    {
        var aborted = context.RequestAborted;
        EventPipeSession session;
        try
        {
            session = await new DiagnosticsClient(Environment.ProcessId)
                .StartEventPipeSessionAsync(CpuTraceProviders.All, requestRundown: true, options.TraceBufferMb, aborted);
        }
        catch (Exception e) when (e is ServerNotAvailableException or UnsupportedCommandException or ServerErrorException)
        {
            logger.Warning(context, e, "Could not start a CPU trace");
            await Problem.Of(503, "the runtime's diagnostics port is not available (is DOTNET_EnableDiagnostics=0 set?)").WriteAsync(context);
            return;
        }

        using (session)
        {
            var response = context.Response;
            response.ContentType = "application/octet-stream";
            response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileName = FileName() }.ToString();
            response.Headers.CacheControl = "no-store";
            // The trace's time runs from before the headers go out: a client that sees them may move a test clock at once.
            var elapsed = Task.Delay(duration, time, aborted);
            await response.StartAsync(aborted); // the headers tell the client the trace has started
            logger.Information(context, "CPU trace started for {Seconds} s", duration.TotalSeconds);

            var pump = PumpAsync(session.EventStream, response.Body, aborted);
            try
            {
                await elapsed;
            }
            catch (OperationCanceledException)
            {
            }

            using var stopping = new CancellationTokenSource(StopTimeout);
            await session.StopAsync(stopping.Token);
            var bytes = await pump;
            logger.Information(context, aborted.IsCancellationRequested ? "CPU trace stopped: the client went away after {Bytes} bytes" : "CPU trace finished: {Bytes} bytes", bytes);
        }
    }

    private string FileName() =>
        $"vigil-{Environment.ProcessId}-{time.GetUtcNow():yyyyMMdd-HHmmss}.nettrace";

    /// <summary>
    /// Copies the session's events to the client until the runtime closes the stream (after the stop). When the client
    /// is gone the events are still read and dropped: the runtime must be able to finish writing before it can stop.
    /// </summary>
    private static async Task<long> PumpAsync(Stream events, Stream body, CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        long written = 0;
        try
        {
            int read;
            while ((read = await events.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                if (aborted.IsCancellationRequested)
                    continue;
                try
                {
                    await body.WriteAsync(buffer.AsMemory(0, read), aborted);
                    written += read;
                }
                catch (Exception e) when (e is OperationCanceledException or IOException)
                {
                }
            }
            return written;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
