using System.Globalization;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Vigil.Core.Caching;
using Vigil.Core.Checks;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// What the HTTP probe learns from server certificates. A certificate is only seen when a connection is made, so
/// its expiry is remembered per host and port for the checks that reuse the pooled connection.
/// </summary>
internal sealed class TlsCertificates(int capacity)
{
    private readonly BoundedCache<(string Host, int Port), DateTimeOffset> _expiries = new(capacity, new CacheStats("tls_expiry"), bytesPerEntry: 128);

    public CacheStats Stats => _expiries.Stats;

    public void ShrinkByHalf() => _expiries.ShrinkByHalf();

    // Why a handshake's certificate was not trusted, until the stream filter (which knows the request) reads it.
    private readonly ConditionalWeakTable<SslStream, string> _rejections = [];

    public static readonly RemoteCertificateValidationCallback AcceptAny = (_, _, _, _) => true;

    /// <summary>
    /// For handlers that verify: notes why a certificate is untrusted and lets the handshake finish, so that
    /// <see cref="OnHandshakeDone"/> can fail the connection with that reason before any request is written on it.
    /// </summary>
    public bool NoteValidation(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return true;
        if (sender is not SslStream stream)
            return false;
        _rejections.AddOrUpdate(stream, Describe(errors, chain));
        return true;
    }

    /// <summary>Remembers the certificate's expiry; throws when the handshake's certificate was not trusted.</summary>
    /// <exception cref="AuthenticationException">The certificate failed validation.</exception>
    public void OnHandshakeDone(SslStream stream, Uri url, ConnectionTimeline timeline)
    {
        if (_rejections.TryGetValue(stream, out var reason))
        {
            _rejections.Remove(stream);
            timeline.Fail(CheckError.Tls, reason);
            throw new AuthenticationException(reason);
        }
        if (stream.RemoteCertificate is X509Certificate2 certificate)
            _expiries.Set((url.IdnHost, url.Port), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }

    public bool TryGetExpiry(Uri url, out DateTimeOffset notAfter)
    {
        var found = _expiries.TryGet((url.IdnHost, url.Port), out notAfter);
        if (found)
            _expiries.Stats.Hit();
        else
            _expiries.Stats.Miss();
        return found;
    }

    /// <summary>A failure message when the certificate expires within <paramref name="days"/>, else null.</summary>
    public static string? CheckExpiry(DateTimeOffset notAfter, int days, DateTimeOffset now)
    {
        var left = notAfter - now;
        if (left >= TimeSpan.FromDays(days))
            return null;
        var date = notAfter.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return left <= TimeSpan.Zero
            ? $"certificate expired on {date}"
            : $"certificate expires on {date} ({(int)left.TotalDays} days left, limit {days})";
    }

    public static string Describe(SslPolicyErrors errors, X509Chain? chain)
    {
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return "server sent no certificate";
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            return "certificate name does not match the host";
        var problems = chain?.ChainStatus.Where(s => s.Status != X509ChainStatusFlags.NoError).Select(s => s.Status.ToString()).Distinct().ToArray();
        return problems is { Length: > 0 }
            ? $"certificate not trusted ({string.Join(", ", problems)})"
            : "certificate not trusted";
    }
}
