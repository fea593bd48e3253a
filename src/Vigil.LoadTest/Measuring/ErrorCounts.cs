using System.Collections.Concurrent;
using System.Net.Sockets;

namespace Vigil.LoadTest.Measuring;

/// <summary>Failed requests by kind: connect, timeout, 429, 503, other 5xx, each other 4xx code, and anything else.</summary>
public sealed class ErrorCounts
{
    private readonly ConcurrentDictionary<string, long> _byKind = new(StringComparer.Ordinal);

    public long Total => _byKind.Values.Sum();

    public void Count(string kind, long n = 1) => _byKind.AddOrUpdate(kind, n, (_, c) => c + n);

    /// <summary>The kind a status code counts as, or null for a success (1xx–3xx).</summary>
    public static string? KindOf(int status) => status switch
    {
        < 400 => null,
        429 => "429",
        503 => "503",
        >= 500 => "5xx",
        _ => status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The kind an exception counts as: a refused or failed connect, a timeout, or other.</summary>
    public static string KindOf(Exception error) => error switch
    {
        TaskCanceledException { InnerException: TimeoutException } => "timeout",
        TimeoutException => "timeout",
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => "connect",
        HttpRequestException { InnerException: SocketException } => "connect",
        SocketException => "connect",
        _ => "other",
    };

    public void AddTo(ErrorCounts other)
    {
        foreach (var (kind, n) in _byKind)
            other.Count(kind, n);
    }

    public IReadOnlyDictionary<string, long> Snapshot() =>
        new SortedDictionary<string, long>(_byKind.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
}
