using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.LoadTest.Reporting;

/// <summary>Writes and reads result.json (snake_case, indented).</summary>
public static class ResultJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(LoadTestResult result) => JsonSerializer.Serialize(result, Options);

    public static async Task WriteAsync(LoadTestResult result, string path, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, result, Options, cancellationToken);
    }

    /// <summary>Reads a result; a file that is not one, or of another schema version, is a clear error.</summary>
    public static LoadTestResult Read(string path)
    {
        LoadTestResult? result;
        try
        {
            result = JsonSerializer.Deserialize<LoadTestResult>(File.ReadAllText(path), Options);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LoadTestException($"--baseline: cannot read {path}: {e.Message}");
        }
        if (result is null)
            throw new LoadTestException($"--baseline: {path} holds no result");
        if (result.SchemaVersion != LoadTestResult.CurrentSchemaVersion)
            throw new LoadTestException($"--baseline: {path} has schema version {result.SchemaVersion}; this vigil reads {LoadTestResult.CurrentSchemaVersion}");
        return result;
    }
}
