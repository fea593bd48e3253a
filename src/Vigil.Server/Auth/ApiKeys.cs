using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Vigil.Core.Caching;
using Vigil.Storage;
using Vigil.Storage.Writing;

namespace Vigil.Server.Auth;

public enum Scope
{
    Read,
    Write,
}

/// <summary>
/// API keys: random 256-bit secrets shown once; only their SHA-256 is stored (a fast hash suffices for secrets this
/// long). Known keys are cached briefly, so a key created by `vigil keys create` beside a running server works at once
/// and one deleted elsewhere stops working within a minute.
/// </summary>
public sealed class ApiKeys(IVigilStore store, BatchWriter writer, TimeProvider time, string? bootstrapKey, int maxCached = 10_000)
{
    public const string SecretPrefix = "vgl_";
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private const int BytesPerCached = 256; // hex hash key, record, map overhead

    private readonly byte[]? _bootstrapHash = bootstrapKey is null ? null : Hash(bootstrapKey);
    private readonly ConcurrentDictionary<string, (ApiKeyRecord Key, long Until)> _cache = new();

    public CacheStats CacheStats { get; } = new("api_keys");

    /// <summary>The scope a bearer token grants, or null when the token is no valid key.</summary>
    public Scope? Authenticate(string token)
    {
        var hash = Hash(token);
        if (_bootstrapHash is not null && CryptographicOperations.FixedTimeEquals(hash, _bootstrapHash))
            return Scope.Write;
        var cacheKey = Convert.ToHexString(hash);
        var now = time.GetUtcNow().UtcTicks;
        if (_cache.TryGetValue(cacheKey, out var cached) && cached.Until > now)
        {
            CacheStats.Hit();
            return ScopeOf(cached.Key);
        }
        CacheStats.Miss();
        var key = store.FindApiKey(hash);
        if (key is null)
        {
            _cache.TryRemove(cacheKey, out _);
            return null;
        }
        if (_cache.Count >= maxCached)
        {
            CacheStats.Evicted(_cache.Count);
            _cache.Clear();
        }
        _cache[cacheKey] = (key, now + CacheFor.Ticks);
        CacheStats.Sized(_cache.Count, (long)_cache.Count * BytesPerCached);
        return ScopeOf(key);
    }

    /// <summary>Forgets every cached key (they are looked up again on use): how this cache sheds memory.</summary>
    public void ClearCache()
    {
        CacheStats.Evicted(_cache.Count);
        _cache.Clear();
        CacheStats.Sized(0, 0);
    }

    public async Task<(ApiKeyRecord Key, string Secret)> CreateAsync(string name, Scope scope)
    {
        var (key, secret) = NewKey(name, scope, time.GetUtcNow());
        await writer.Submit(new CreateApiKey(key));
        return (key, secret);
    }

    public async Task<bool> DeleteAsync(Guid id)
    {
        var command = new DeleteApiKey(id);
        await writer.Submit(command);
        foreach (var entry in _cache.Where(e => e.Value.Key.Id == id))
            _cache.TryRemove(entry.Key, out _);
        return command.Found;
    }

    public IReadOnlyList<ApiKeyRecord> List() => store.ListApiKeys();

    public static (ApiKeyRecord Key, string Secret) NewKey(string name, Scope scope, DateTimeOffset now)
    {
        var secret = SecretPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var key = new ApiKeyRecord(Guid.NewGuid(), name, ScopeName(scope), Hash(secret), secret[..(SecretPrefix.Length + 6)], now);
        return (key, secret);
    }

    public static string ScopeName(Scope scope) => scope == Scope.Write ? "write" : "read";

    public static bool TryParseScope(string? text, out Scope scope)
    {
        scope = text == "write" ? Scope.Write : Scope.Read;
        return text is "read" or "write";
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static Scope ScopeOf(ApiKeyRecord key) => key.Scope == "write" ? Scope.Write : Scope.Read;

    private static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));
}
