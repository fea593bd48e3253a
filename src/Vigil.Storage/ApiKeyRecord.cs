namespace Vigil.Storage;

/// <summary>An API key as stored: only the SHA-256 of the secret is kept, plus a short prefix to recognise it by.</summary>
public sealed record ApiKeyRecord(Guid Id, string Name, string Scope, byte[] Hash, string Prefix, DateTimeOffset CreatedAt);
