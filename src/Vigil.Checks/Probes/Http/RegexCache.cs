using System.Text.RegularExpressions;

namespace Vigil.Checks.Probes.Http;

/// <summary>Compiled-once patterns for body and banner assertions, keyed by their text, with a match time limit.</summary>
internal sealed class RegexCache(int capacity, TimeSpan matchTimeout)
{
    private readonly BoundedCache<string, Regex> _patterns = new(capacity, StringComparer.Ordinal);

    /// <exception cref="ArgumentException">The pattern is not a valid regular expression.</exception>
    public Regex Get(string pattern) =>
        _patterns.GetOrAdd(pattern, text => new Regex(text, RegexOptions.CultureInvariant, matchTimeout));
}
