using System.Text.RegularExpressions;
using Vigil.Core.Caching;

namespace Vigil.Checks.Probes.Http;

/// <summary>Compiled-once patterns for body and banner assertions, keyed by their text, with a match time limit.</summary>
internal sealed class RegexCache(string name, int capacity, TimeSpan matchTimeout)
{
    // A compiled-to-interpreter Regex with its pattern text is a few kilobytes.
    private readonly BoundedCache<string, Regex> _patterns = new(capacity, new CacheStats(name), bytesPerEntry: 4096, StringComparer.Ordinal);

    public CacheStats Stats => _patterns.Stats;

    public void ShrinkByHalf() => _patterns.ShrinkByHalf();

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public Regex Get(string pattern) =>
        _patterns.GetOrAdd(pattern, text => new Regex(text, RegexOptions.CultureInvariant, matchTimeout));
}
