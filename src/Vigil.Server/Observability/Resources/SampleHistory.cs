namespace Vigil.Server.Observability.Resources;

/// <summary>The last <see cref="Capacity"/> samples, oldest dropped first.</summary>
public sealed class SampleHistory(int capacity)
{
    private readonly ResourceSample[] _ring = new ResourceSample[capacity];
    private readonly Lock _lock = new();
    private int _next;
    private int _count;

    public int Capacity => _ring.Length;

    public ResourceSample? Latest
    {
        get
        {
            lock (_lock)
                return _count == 0 ? null : _ring[(_next - 1 + _ring.Length) % _ring.Length];
        }
    }

    public void Add(ResourceSample sample)
    {
        lock (_lock)
        {
            _ring[_next] = sample;
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    /// <summary>Samples at or after <paramref name="since"/> (all without it), oldest first.</summary>
    public List<ResourceSample> Since(DateTimeOffset? since)
    {
        lock (_lock)
        {
            var list = new List<ResourceSample>(_count);
            for (var i = 0; i < _count; i++)
            {
                var sample = _ring[(_next - _count + i + _ring.Length) % _ring.Length];
                if (since is null || sample.At >= since)
                    list.Add(sample);
            }
            return list;
        }
    }
}
