using System.Net;
using System.Net.Sockets;
using Vigil.Core.Caching;

namespace Vigil.Checks.Probes.Http;

/// <summary>
/// Host name answers reused across checks for a fixed time. The OS resolver does not expose record TTLs, so the
/// configured TTL is the bound, whatever the record says. Failures are not cached: the next check asks again.
/// </summary>
public sealed class DnsCache
{
    private readonly record struct Answer(IPAddress[] Addresses, long ResolvedAt);

    private readonly BoundedCache<string, Answer> _answers;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    public DnsCache(TimeSpan ttl, int capacity, TimeProvider time)
    {
        _ttl = ttl;
        _time = time;
        // A host name, a small address array and the map's overhead.
        _answers = new BoundedCache<string, Answer>(capacity, new CacheStats("dns"), bytesPerEntry: 256, StringComparer.OrdinalIgnoreCase);
    }

    public CacheStats Stats => _answers.Stats;

    public void ShrinkByHalf() => _answers.ShrinkByHalf();

    /// <summary>The addresses of <paramref name="host"/>; an IP literal is parsed, never looked up or cached.</summary>
    /// <exception cref="SocketException">The name does not resolve, or resolves to nothing.</exception>
    public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
            return ValueTask.FromResult<IPAddress[]>([literal]);
        if (_answers.TryGet(host, out var answer) && _time.GetElapsedTime(answer.ResolvedAt) < _ttl)
        {
            Stats.Hit();
            return ValueTask.FromResult(answer.Addresses);
        }
        Stats.Miss();
        return ResolveAndStoreAsync(host, cancellationToken);
    }

    private async ValueTask<IPAddress[]> ResolveAndStoreAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        if (addresses.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound);
        _answers.Set(host, new Answer(addresses, _time.GetTimestamp()));
        return addresses;
    }
}
