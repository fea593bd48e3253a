using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Server.Observability.Requests;

namespace Vigil.Server.Observability.Resources;

/// <summary>Source-generated JSON for the /api/v1/system reads, in the API's style (snake_case, nulls left out).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SystemView))]
[JsonSerializable(typeof(RequestStatsView))]
public sealed partial class SystemJson : JsonSerializerContext;
