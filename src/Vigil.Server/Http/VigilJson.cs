using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Core.Monitors;

namespace Vigil.Server.Http;

/// <summary>Source-generated JSON for everything the API writes: snake_case, no reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Problem))]
[JsonSerializable(typeof(FieldError))]
[JsonSerializable(typeof(MonitorView))]
[JsonSerializable(typeof(MonitorPage))]
[JsonSerializable(typeof(PingPage))]
[JsonSerializable(typeof(FlipPage))]
[JsonSerializable(typeof(ApiKeyView))]
[JsonSerializable(typeof(ApiKeyList))]
[JsonSerializable(typeof(PingKeyView))]
[JsonSerializable(typeof(BatchResult))]
[JsonSerializable(typeof(VersionView))]
[JsonSerializable(typeof(Checks.CheckStatsView))]
[JsonSerializable(typeof(CheckResultPage))]
[JsonSerializable(typeof(RollupList))]
[JsonSerializable(typeof(Alerting.AlertPage))]
public sealed partial class VigilJson : JsonSerializerContext;
