using System.Text.Json;
using Vigil.Core.Checks.Specs;

namespace Vigil.Core.Checks.Json;

/// <summary>
/// Writes a spec's fields, named as <see cref="CheckSpecReader"/> reads them, into an open JSON object. Storage keeps
/// this form (with secrets); the API shows it without passwords, so what a client reads back it can send again.
/// </summary>
public static class CheckSpecWriter
{
    public static void Write(Utf8JsonWriter w, CheckSpec spec, bool withSecrets)
    {
        switch (spec)
        {
            case HttpCheckSpec http: WriteHttp(w, http); break;
            case TcpCheckSpec tcp:
                w.WriteString("host", tcp.Host);
                w.WriteNumber("port", tcp.Port);
                Optional(w, "send", tcp.Send);
                Optional(w, "expect", tcp.Expect);
                w.WriteBoolean("tls", tcp.Tls);
                w.WriteBoolean("verify_tls", tcp.VerifyTls);
                break;
            case DnsCheckSpec dns:
                w.WriteString("hostname", dns.Hostname);
                w.WriteString("record_type", dns.RecordType);
                Optional(w, "resolver", dns.Resolver);
                Strings(w, "expected", dns.Expected);
                break;
            case PostgresCheckSpec pg:
                w.WriteString("connection_string", withSecrets ? pg.ConnectionString : WithoutPassword(pg.ConnectionString));
                Optional(w, "query", pg.Query);
                Optional(w, "expected", pg.Expected);
                break;
            case MySqlCheckSpec my:
                Endpoint(w, my.Host, my.Port);
                w.WriteString("user", my.User);
                Secret(w, "password", my.Password, withSecrets);
                Optional(w, "database", my.Database);
                Optional(w, "query", my.Query);
                Optional(w, "expected", my.Expected);
                break;
            case RedisCheckSpec redis:
                Endpoint(w, redis.Host, redis.Port);
                Optional(w, "username", redis.Username);
                Secret(w, "password", redis.Password, withSecrets);
                w.WriteNumber("database", redis.Database);
                Map(w, "info", redis.Info);
                break;
            case MongoCheckSpec mongo:
                Endpoint(w, mongo.Host, mongo.Port);
                Optional(w, "username", mongo.Username);
                Secret(w, "password", mongo.Password, withSecrets);
                w.WriteString("auth_database", mongo.AuthDatabase);
                break;
        }
        w.WriteNumber("interval_seconds", (long)spec.Interval.TotalSeconds);
        w.WriteNumber("timeout_seconds", (long)spec.Timeout.TotalSeconds);
        w.WriteString("priority", spec.Priority.ToName());
        Millis(w, "degraded_ms", spec.DegradedAfter);
        w.WriteNumber("failures_before_down", spec.FailuresBeforeDown);
        w.WriteNumber("successes_before_up", spec.SuccessesBeforeUp);
        w.WriteBoolean("fresh_connection", spec.FreshConnection);
    }

    private static void WriteHttp(Utf8JsonWriter w, HttpCheckSpec http)
    {
        w.WriteString("url", http.Url.OriginalString);
        w.WriteString("method", http.Method);
        Map(w, "headers", http.Headers);
        Optional(w, "body", http.Body);
        w.WriteBoolean("follow_redirects", http.FollowRedirects);
        w.WriteNumber("max_redirects", http.MaxRedirects);
        w.WriteStartArray("expected_status");
        foreach (var range in http.ExpectedStatus)
        {
            if (range.From == range.To)
                w.WriteNumberValue(range.From);
            else
                w.WriteStringValue(range.ToString());
        }
        w.WriteEndArray();
        Optional(w, "body_contains", http.BodyContains);
        Optional(w, "body_regex", http.BodyRegex);
        w.WriteStartArray("json");
        foreach (var assertion in http.Json)
        {
            w.WriteStartObject();
            w.WriteString("path", assertion.Path);
            if (assertion.EqualsJson is { } equals)
            {
                w.WritePropertyName("equals");
                w.WriteRawValue(equals);
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("response_headers");
        foreach (var header in http.ResponseHeaders)
        {
            w.WriteStartObject();
            w.WriteString("name", header.Name);
            if (header.Contains is { } contains)
                w.WriteString("contains", contains);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        Millis(w, "max_response_ms", http.MaxResponseTime);
        w.WriteBoolean("verify_tls", http.VerifyTls);
        if (http.CertExpiryDays is { } days)
            w.WriteNumber("cert_expiry_days", days);
        else
            w.WriteNull("cert_expiry_days");
    }

    private static void Endpoint(Utf8JsonWriter w, string host, int port)
    {
        w.WriteString("host", host);
        w.WriteNumber("port", port);
    }

    private static void Optional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
            w.WriteNull(name);
        else
            w.WriteString(name, value);
    }

    /// <summary>Left out of API answers altogether: a PATCH without it keeps the stored one.</summary>
    private static void Secret(Utf8JsonWriter w, string name, string? value, bool withSecrets)
    {
        if (withSecrets)
            Optional(w, name, value);
    }

    private static void Millis(Utf8JsonWriter w, string name, TimeSpan? value)
    {
        if (value is { } v)
            w.WriteNumber(name, (long)v.TotalMilliseconds);
        else
            w.WriteNull(name);
    }

    private static void Strings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var value in values)
            w.WriteStringValue(value);
        w.WriteEndArray();
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values)
            w.WriteString(key, value);
        w.WriteEndObject();
    }

    /// <summary>A connection string with its password taken out ("Password=…" and "Pwd=…").</summary>
    public static string WithoutPassword(string connectionString) =>
        string.Join(';', connectionString.Split(';').Where(part =>
            part.Split('=', 2)[0].Trim().ToLowerInvariant() is not ("password" or "pwd")));

    /// <summary>The spec's fields as one JSON object (what storage keeps).</summary>
    public static string ToJson(CheckSpec spec, bool withSecrets)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            Write(w, spec, withSecrets);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
