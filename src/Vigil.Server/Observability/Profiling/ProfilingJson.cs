using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Server.Observability.Profiling;

/// <summary>Source-generated JSON for the debug endpoints, snake_case like the rest of the API.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(GcStatsView))]
public sealed partial class ProfilingJson : JsonSerializerContext;
