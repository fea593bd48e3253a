using System.Buffers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Checks.Probes.Http;
using Vigil.Core.Caching;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Specs;

namespace Vigil.Checks.Probes;

/// <summary>
/// A TCP connect, always on a fresh connection (the connect is what is tested), then optionally a TLS handshake,
/// a line sent and a reply matched against a pattern. Host names resolve through the shared <see cref="DnsCache"/>.
/// </summary>
public sealed class TcpProbe(DnsCache dnsCache, TimeProvider time, int regexCacheCapacity = 1_000) : Probe<TcpCheckSpec>
{
    /// <summary>The most of a reply read while waiting for it to match <see cref="TcpCheckSpec.Expect"/>.</summary>
    public const int MaxReplyBytes = 64 * 1024;

    private static readonly TimeSpan RegexMatchTimeout = TimeSpan.FromMilliseconds(250);

    private readonly RegexCache _regexes = new("tcp_regex", regexCacheCapacity, RegexMatchTimeout);

    /// <summary>The banner patterns' cache, for metrics.</summary>
    public CacheStats RegexStats => _regexes.Stats;

    public void ShrinkCaches() => _regexes.ShrinkByHalf();

    public override string Type => "tcp";

    protected override async Task<ProbeResult> RunAsync(TcpCheckSpec spec, CancellationToken cancellationToken)
    {
        var timeline = new ConnectionTimeline { StartedAt = time.GetTimestamp() };
        Socket socket;
        try
        {
            socket = await SocketConnector.ConnectAsync(dnsCache, spec.Host, spec.Port, timeline, time, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Finish(timeline, timeline.FailureError, timeline.FailureMessage);
        }

        var network = new NetworkStream(socket, ownsSocket: true);
        await using (network.ConfigureAwait(false))
        {
            Stream stream = network;
            if (spec.Tls)
            {
                var tls = new SslStream(network, leaveInnerStreamOpen: true);
                stream = tls;
                if (await HandshakeAsync(tls, spec, cancellationToken).ConfigureAwait(false) is { } tlsFailure)
                {
                    await tls.DisposeAsync().ConfigureAwait(false);
                    return Finish(timeline, CheckError.Tls, tlsFailure);
                }
                timeline.TlsDoneAt = time.GetTimestamp();
            }
            await using (stream.ConfigureAwait(false))
            {
                try
                {
                    return await ExchangeAsync(stream, spec, timeline, cancellationToken).ConfigureAwait(false);
                }
                catch (IOException exception)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var reason = exception.InnerException is SocketException inner ? SocketErrorText.Describe(inner) : exception.Message;
                    return Finish(timeline, CheckError.Connect, $"connection lost: {reason}");
                }
            }
        }
    }

    private async Task<ProbeResult> ExchangeAsync(Stream stream, TcpCheckSpec spec, ConnectionTimeline timeline, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrEmpty(spec.Send))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(spec.Send), cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        if (spec.Expect is not { } pattern)
            return Finish(timeline, CheckError.None, "connected");

        Regex regex;
        try
        {
            regex = _regexes.Get(pattern);
        }
        catch (ArgumentException exception)
        {
            return Finish(timeline, CheckError.Assertion, $"invalid expect pattern /{TextExcerpt.Of(pattern)}/: {exception.Message}");
        }
        return await ReadUntilMatchAsync(stream, regex, pattern, timeline, cancellationToken).ConfigureAwait(false);
    }

    // Reads until the reply so far matches, the peer closes, or the reply reaches MaxReplyBytes; the token bounds the wait.
    private async Task<ProbeResult> ReadUntilMatchAsync(
        Stream stream, Regex regex, string pattern, ConnectionTimeline timeline, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxReplyBytes);
        try
        {
            var length = 0;
            var reply = "";
            while (length < MaxReplyBytes)
            {
                var read = await stream.ReadAsync(buffer.AsMemory(length, MaxReplyBytes - length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                    break;
                if (length == 0)
                    timeline.FirstByteAt = time.GetTimestamp();
                length += read;
                reply = Encoding.UTF8.GetString(buffer, 0, length);
                try
                {
                    if (regex.IsMatch(reply))
                        return Finish(timeline, CheckError.None, "connected, reply matched");
                }
                catch (RegexMatchTimeoutException)
                {
                    return Finish(timeline, CheckError.Assertion, $"expect pattern /{TextExcerpt.Of(pattern)}/ took too long");
                }
            }
            return Finish(timeline, CheckError.Assertion, length == 0
                ? $"expected /{TextExcerpt.Of(pattern)}/, connection closed with no reply"
                : $"expected /{TextExcerpt.Of(pattern)}/, got \"{TextExcerpt.Of(reply)}\"");
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Null when the handshake succeeded, else why it failed.</summary>
    private static async Task<string?> HandshakeAsync(SslStream tls, TcpCheckSpec spec, CancellationToken cancellationToken)
    {
        string? rejection = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = spec.Host,
            RemoteCertificateValidationCallback = spec.VerifyTls
                ? (_, _, chain, errors) =>
                {
                    if (errors != SslPolicyErrors.None)
                        rejection = TlsCertificates.Describe(errors, chain);
                    return errors == SslPolicyErrors.None;
                }
            : TlsCertificates.AcceptAny,
        };
        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception exception) when (exception is AuthenticationException or IOException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return rejection ?? $"TLS handshake failed: {exception.Message}";
        }
    }

    private ProbeResult Finish(ConnectionTimeline timeline, CheckError error, string message)
    {
        var phases = timeline.ToPhases(time, time.GetTimestamp());
        return error == CheckError.None
            ? ProbeResult.Success(phases.Total, message, phases)
            : ProbeResult.Failure(error, message, phases.Total, phases);
    }
}
