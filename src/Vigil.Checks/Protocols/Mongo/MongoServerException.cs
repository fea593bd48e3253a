namespace Vigil.Checks.Protocols.Mongo;

/// <summary>A command reply with <c>ok: 0</c>: the server's error code, code name and message.</summary>
public sealed class MongoServerException(int code, string codeName, string message)
    : Exception(codeName.Length > 0 ? $"{codeName} ({code}): {message}" : $"error {code}: {message}")
{
    public int Code { get; } = code;

    public string CodeName { get; } = codeName;
}
