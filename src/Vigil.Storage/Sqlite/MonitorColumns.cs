using System.Text.Json;
using Microsoft.Data.Sqlite;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;
using Vigil.Core.Checks;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;
using Vigil.Core.Schedules;
using Vigil.Core.States;

namespace Vigil.Storage.Sqlite;

/// <summary>Maps a monitor between its definition and the columns of the monitor table.</summary>
internal static class MonitorColumns
{
    public const string DefinitionSet =
        "slug = @slug, name = @name, description = @description, tags = @tags, period_seconds = @period, " +
        "grace_seconds = @grace, cron = @cron, timezone = @timezone, paused = @paused, updated_at = @updated, type = @type, check_json = @check, " +
        "alerts_json = @alerts, channels = @channels, parent = @parent";

    public const string Insert =
        "INSERT INTO monitor (seq, id, slug, name, description, tags, period_seconds, grace_seconds, cron, timezone, paused, created_at, updated_at, status, status_changed_at, type, check_json, alerts_json, channels, parent) " +
        "VALUES (@seq, @id, @slug, @name, @description, @tags, @period, @grace, @cron, @timezone, @paused, @created, @updated, @status, @changed, @type, @check, @alerts, @channels, @parent)";

    public const string Select =
        "SELECT seq, id, slug, name, description, tags, period_seconds, grace_seconds, cron, timezone, paused, created_at, " +
        "status, status_changed_at, last_ping_at, last_success_at, open_start_at, open_rid, ping_count, type, check_json, alerts_json, channels, parent FROM monitor";

    public static void Bind(SqliteCommand command, MonitorDefinition definition, DateTimeOffset updated)
    {
        var p = command.Parameters;
        p.AddWithValue("@slug", definition.Slug);
        p.AddWithValue("@name", definition.Name);
        p.AddWithValue("@description", definition.Description);
        p.AddWithValue("@tags", JsonSerializer.Serialize(definition.Tags, StorageJson.Default.IReadOnlyListString));
        p.AddWithValue("@grace", (long)definition.Schedule.Grace.TotalSeconds);
        p.AddWithValue("@paused", definition.Paused);
        p.AddWithValue("@updated", UnixMs.From(updated));
        p.AddWithValue("@type", definition.Type);
        // The check's fields as the API reads them, secrets included: stored and read back by the same code the API uses.
        p.AddWithValue("@check", definition.Check is { } check ? CheckSpecWriter.ToJson(check, withSecrets: true) : DBNull.Value);
        p.AddWithValue("@alerts", definition.Alerts is { } alerts ? AlertRulesWriter.ToJson(alerts, definition.AlertScope) : DBNull.Value);
        p.AddWithValue("@channels", definition.Channels.Count > 0 ? JsonSerializer.Serialize(definition.Channels, StorageJson.Default.IReadOnlyListString) : DBNull.Value);
        p.AddWithValue("@parent", definition.Parent is { } parent ? parent.ToByteArray() : DBNull.Value);
        switch (definition.Schedule)
        {
            case SimpleSchedule simple:
                p.AddWithValue("@period", (long)simple.Period.TotalSeconds);
                p.AddWithValue("@cron", DBNull.Value);
                p.AddWithValue("@timezone", DBNull.Value);
                break;
            case CronSchedule cron:
                p.AddWithValue("@period", DBNull.Value);
                p.AddWithValue("@cron", cron.Expression.Text);
                p.AddWithValue("@timezone", cron.Zone.Id);
                break;
        }
    }

    /// <param name="schedules">Schedules read so far: a million monitors mostly share a few periods, so they share the objects.</param>
    public static MonitorRecord Read(SqliteDataReader r, Dictionary<(long, long), SimpleSchedule> schedules)
    {
        var grace = TimeSpan.FromSeconds(r.GetInt64(7));
        Schedule schedule;
        if (r.IsDBNull(6))
        {
            schedule = new CronSchedule(ParseCron(r.GetString(8)), TimeZoneInfo.FindSystemTimeZoneById(r.GetString(9)), grace);
        }
        else
        {
            var key = (r.GetInt64(6), r.GetInt64(7));
            if (!schedules.TryGetValue(key, out var simple))
                schedules[key] = simple = new SimpleSchedule(TimeSpan.FromSeconds(key.Item1), grace);
            schedule = simple;
        }
        var tagsJson = r.GetString(5);
        var tags = tagsJson is "[]" ? [] : JsonSerializer.Deserialize(tagsJson, StorageJson.Default.IReadOnlyListString) ?? [];
        var definition = new MonitorDefinition(
            new Guid(r.GetFieldValue<byte[]>(1)), r.GetString(3), r.GetString(2), tags, r.GetString(4), schedule,
            r.GetBoolean(10), UnixMs.To(r.GetInt64(11)))
        {
            Check = r.IsDBNull(20) ? null : ReadCheck(r.GetString(19), r.GetString(20)),
        };
        if (!r.IsDBNull(21) || !r.IsDBNull(22) || !r.IsDBNull(23))
        {
            definition = definition with
            {
                Alerts = r.IsDBNull(21) ? null : ReadAlerts(r.GetString(21), definition.AlertScope),
                Channels = r.IsDBNull(22) ? [] : JsonSerializer.Deserialize(r.GetString(22), StorageJson.Default.IReadOnlyListString) ?? [],
                Parent = r.IsDBNull(23) ? null : new Guid(r.GetFieldValue<byte[]>(23)),
            };
        }
        var state = new MonitorStateRecord(
            (MonitorStatus)r.GetInt32(12), TimeOrNull(r, 13), TimeOrNull(r, 14), TimeOrNull(r, 15), TimeOrNull(r, 16),
            r.IsDBNull(17) ? null : r.GetString(17), r.GetInt64(18));
        return new MonitorRecord(r.GetInt64(0), definition, state);
    }

    // Not UnixMs.ToNullable(GetValue): that boxes every time, four per row.
    private static DateTimeOffset? TimeOrNull(SqliteDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : UnixMs.To(r.GetInt64(ordinal));

    private static CheckSpec ReadCheck(string type, string json)
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse(json);
        return CheckSpecReader.Read(type, document.RootElement, null, errors, "", NoIgnoredFields)
               ?? throw new InvalidDataException($"stored {type} check no longer reads: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}");
    }

    private static readonly HashSet<string> NoIgnoredFields = [];

    private static AlertRules ReadAlerts(string json, AlertRuleScope scope)
    {
        var errors = new List<FieldError>();
        using var document = JsonDocument.Parse(json);
        return AlertRulesReader.Read(document.RootElement, null, scope, errors, "alerts")
               ?? throw new InvalidDataException($"stored alert rules no longer read: {string.Join("; ", errors.Select(e => $"{e.Field} {e.Message}"))}");
    }

    private static CronExpression ParseCron(string text) =>
        CronExpression.TryParse(text, out var cron, out var error) ? cron! : throw new InvalidDataException($"stored cron expression '{text}' no longer parses: {error}");
}
