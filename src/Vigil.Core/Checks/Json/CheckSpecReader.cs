using System.Text.Json;
using Vigil.Core.Checks.Specs;
using Vigil.Core.Monitors;

namespace Vigil.Core.Checks.Json;

/// <summary>
/// Builds a <see cref="CheckSpec"/> from a monitor's JSON fields, over the current spec for an update (a PATCH keeps what
/// it does not name) or over the defaults for a new monitor. Every bad field becomes a <see cref="FieldError"/>.
/// </summary>
public static class CheckSpecReader
{
    public const int MaxIntervalSeconds = 86_400;
    public const int MaxTimeoutSeconds = 300;

    /// <summary>The active monitor types, in the order the API lists them.</summary>
    public static readonly IReadOnlyList<string> Types = ["http", "tcp", "dns", "postgres", "mysql", "redis", "mongodb"];

    /// <summary>Reads a spec of <paramref name="type"/>. <paramref name="ignored"/> are the monitor's own fields (name, tags …), read elsewhere.</summary>
    public static CheckSpec? Read(string type, JsonElement fields, CheckSpec? current, List<FieldError> errors, string prefix, IReadOnlySet<string> ignored)
    {
        var f = new CheckFields(fields, errors, prefix, ignored);
        CheckSpec? spec = type switch
        {
            "http" => HttpFields.Read(f, current as HttpCheckSpec),
            "tcp" => NetworkFields.ReadTcp(f, current as TcpCheckSpec),
            "dns" => NetworkFields.ReadDns(f, current as DnsCheckSpec),
            "postgres" => DatabaseFields.ReadPostgres(f, current as PostgresCheckSpec),
            "mysql" => DatabaseFields.ReadMySql(f, current as MySqlCheckSpec),
            "redis" => DatabaseFields.ReadRedis(f, current as RedisCheckSpec),
            "mongodb" => DatabaseFields.ReadMongo(f, current as MongoCheckSpec),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not an active monitor type"),
        };
        if (spec is not null)
            spec = ReadCommon(f, spec);
        f.RejectUnknown(type);
        return f.HasErrors ? null : spec;
    }

    private static CheckSpec ReadCommon(CheckFields f, CheckSpec spec)
    {
        var read = spec with
        {
            Interval = f.Seconds("interval_seconds", spec.Interval, 1, MaxIntervalSeconds),
            Timeout = f.Seconds("timeout_seconds", spec.Timeout, 1, MaxTimeoutSeconds),
            Priority = f.Custom("priority", spec.Priority, v =>
                v.ValueKind == JsonValueKind.String && CheckPriorityNames.TryParse(v.GetString(), out var p)
                    ? (p, null)
                    : (default, "must be one of critical, high, normal, low")),
            DegradedAfter = f.OptionalMilliseconds("degraded_ms", spec.DegradedAfter, 1, MaxTimeoutSeconds * 1000),
            FailuresBeforeDown = f.Int("failures_before_down", spec.FailuresBeforeDown, 1, 100),
            SuccessesBeforeUp = f.Int("successes_before_up", spec.SuccessesBeforeUp, 1, 100),
            FreshConnection = f.Bool("fresh_connection", spec.FreshConnection),
        };
        if (read.Timeout <= read.Interval)
            return read;
        if (f.Has("timeout_seconds"))
            f.Error("timeout_seconds", $"must not be longer than interval_seconds ({read.Interval.TotalSeconds:0})");
        return read with { Timeout = read.Interval }; // the default timeout shrinks to fit a short interval
    }

    /// <summary>Reports a required field that neither the request nor the current spec has.</summary>
    internal static T? Require<T>(CheckFields f, string name, T? value) where T : class
    {
        if (value is null)
            f.Error(name, "is required");
        return value;
    }

    internal static string? Host(string value) =>
        value.Length is > 0 and <= 253 && Uri.CheckHostName(value.Trim('[', ']')) != UriHostNameType.Unknown ? null : $"'{value}' is not a host name or IP address";
}
