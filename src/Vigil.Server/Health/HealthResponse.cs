using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Vigil.Server.Health;

/// <summary><c>/readyz</c>'s body: the overall status and each component's status, description and figures.</summary>
public static class HealthResponse
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteStartObject("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject(name);
            json.WriteString("status", Name(entry.Status));
            json.WriteString("description", entry.Description);
            foreach (var (key, value) in entry.Data)
            {
                json.WritePropertyName(key);
                if (value is int or long or double)
                    json.WriteNumberValue(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture));
                else
                    json.WriteStringValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            }
            json.WriteEndObject();
        }
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
