using Vigil.Core.Checks.Specs;

namespace Vigil.Core.Checks.Json;

/// <summary>The fields of <c>postgres</c>, <c>mysql</c>, <c>redis</c> and <c>mongodb</c> monitors.</summary>
internal static class DatabaseFields
{
    public static PostgresCheckSpec? ReadPostgres(CheckFields f, PostgresCheckSpec? current)
    {
        var connection = f.OptionalText("connection_string", current?.ConnectionString, s => s.Length is > 0 and <= 2000 ? null : "must be 1 to 2000 characters");
        var d = current ?? new PostgresCheckSpec { ConnectionString = "" };
        var spec = d with { Query = Query(f, d.Query), Expected = f.OptionalText("expected", d.Expected) };
        return CheckSpecReader.Require(f, "connection_string", connection) is { } c ? spec with { ConnectionString = c } : null;
    }

    public static MySqlCheckSpec? ReadMySql(CheckFields f, MySqlCheckSpec? current)
    {
        var host = Host(f, current?.Host);
        var d = current ?? new MySqlCheckSpec { Host = "" };
        var spec = d with
        {
            Port = f.Int("port", d.Port, 1, 65_535),
            User = f.Text("user", d.User, s => s.Length is > 0 and <= 80 ? null : "must be 1 to 80 characters"),
            Password = f.OptionalText("password", d.Password),
            Database = f.OptionalText("database", d.Database),
            Query = Query(f, d.Query),
            Expected = f.OptionalText("expected", d.Expected),
        };
        return host is null ? null : spec with { Host = host };
    }

    public static RedisCheckSpec? ReadRedis(CheckFields f, RedisCheckSpec? current)
    {
        var host = Host(f, current?.Host);
        var d = current ?? new RedisCheckSpec { Host = "" };
        var spec = d with
        {
            Port = f.Int("port", d.Port, 1, 65_535),
            Username = f.OptionalText("username", d.Username),
            Password = f.OptionalText("password", d.Password),
            Database = f.Int("database", d.Database, 0, 1000),
            Info = f.TextMap("info", d.Info, 20),
        };
        return host is null ? null : spec with { Host = host };
    }

    public static MongoCheckSpec? ReadMongo(CheckFields f, MongoCheckSpec? current)
    {
        var host = Host(f, current?.Host);
        var d = current ?? new MongoCheckSpec { Host = "" };
        var spec = d with
        {
            Port = f.Int("port", d.Port, 1, 65_535),
            Username = f.OptionalText("username", d.Username),
            Password = f.OptionalText("password", d.Password),
            AuthDatabase = f.Text("auth_database", d.AuthDatabase, s => s.Length is > 0 and <= 64 ? null : "must be 1 to 64 characters"),
        };
        return host is null ? null : spec with { Host = host };
    }

    private static string? Host(CheckFields f, string? current) =>
        CheckSpecReader.Require(f, "host", f.OptionalText("host", current, CheckSpecReader.Host));

    private static string? Query(CheckFields f, string? current) =>
        f.OptionalText("query", current, q => q.Length is > 0 and <= 10_000 ? null : "must be 1 to 10000 characters");
}
