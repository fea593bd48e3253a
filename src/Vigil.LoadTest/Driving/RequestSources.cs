using System.Net.Http.Headers;
using System.Text;

namespace Vigil.LoadTest.Driving;

/// <summary>Makes the request for each index of a run. Implementations prepare what they can up front.</summary>
public interface IRequestSource
{
    HttpRequestMessage Create(long index);

    /// <summary>Pings one successful request carries.</summary>
    int PingsPerRequest { get; }

    /// <summary>True when a 200 answer is a batch result whose <c>accepted</c> count must be read.</summary>
    bool ReadsBatchResult { get; }
}

/// <summary><c>POST /ping/{target}</c>, cycling over the targets (UUIDs or <c>ping-key/slug</c>).</summary>
public sealed class PingRequests : IRequestSource
{
    private readonly Uri[] _uris;

    public PingRequests(Uri baseUrl, IReadOnlyList<string> targets)
    {
        if (targets.Count == 0)
            throw new ArgumentException("no monitors to ping", nameof(targets));
        // Built once: a Uri per request would be the generator's largest allocation.
        _uris = [.. targets.Select(t => new Uri(baseUrl, "ping/" + t))];
    }

    public int PingsPerRequest => 1;
    public bool ReadsBatchResult => false;

    public HttpRequestMessage Create(long index) => new(HttpMethod.Post, _uris[index % _uris.Length]);
}

/// <summary><c>POST /api/v1/pings</c> with <c>batch</c> items each, over bodies built before the run.</summary>
public sealed class BatchRequests : IRequestSource
{
    private const int MaxBodies = 64;
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly Uri _uri;
    private readonly byte[][] _bodies;

    public BatchRequests(Uri baseUrl, IReadOnlyList<string> targets, int batch)
    {
        if (targets.Count == 0)
            throw new ArgumentException("no monitors to ping", nameof(targets));
        _uri = new Uri(baseUrl, "api/v1/pings");
        PingsPerRequest = batch;
        var count = Math.Clamp((targets.Count + batch - 1) / batch, 1, MaxBodies);
        _bodies = new byte[count][];
        var next = 0;
        for (var b = 0; b < count; b++)
        {
            var json = new StringBuilder("[");
            for (var i = 0; i < batch; i++)
            {
                if (i > 0)
                    json.Append(',');
                json.Append(Item(targets[next++ % targets.Count]));
            }
            _bodies[b] = Encoding.UTF8.GetBytes(json.Append(']').ToString());
        }
    }

    public int PingsPerRequest { get; }
    public bool ReadsBatchResult => true;

    public HttpRequestMessage Create(long index)
    {
        var content = new ByteArrayContent(_bodies[index % _bodies.Length]);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, _uri) { Content = content };
    }

    private static string Item(string target)
    {
        var slash = target.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? $"{{\"uuid\":\"{target}\"}}"
            : $"{{\"ping_key\":\"{target[..slash]}\",\"slug\":\"{target[(slash + 1)..]}\"}}";
    }
}

/// <summary>Requests made by a function: the abuse scenario's bad requests.</summary>
public sealed class RequestsFrom(Func<long, HttpRequestMessage> create) : IRequestSource
{
    public int PingsPerRequest => 1;
    public bool ReadsBatchResult => false;

    public HttpRequestMessage Create(long index) => create(index);
}
