using System.Text.Json;
using System.Text.RegularExpressions;
using Vigil.Core.Alerts;
using Vigil.Core.Alerts.Json;
using Vigil.Core.Monitors;

namespace Vigil.Server.Configuration;

/// <summary>Reads the <c>alerts:</c> section. Rules objects are checked by the same reader as a monitor's "alerts".</summary>
internal static partial class AlertsOptionsReader
{
    public const int MaxSystemChannels = 20;

    public static AlertsOptions Read(YamlMapReader map)
    {
        var d = new AlertsOptions();
        var retryInitial = map.Int("retry_initial_seconds", d.RetryInitialSeconds, 1, 3600);
        var retryMax = map.Int("retry_max_seconds", d.RetryMaxSeconds, 1, 86_400);
        if (retryMax < retryInitial)
            map.Context.Error(map.Child("retry_max_seconds"), $"must not be less than retry_initial_seconds ({retryInitial})");
        var publicUrl = map.Text("public_url", null, ConfigChecks.PublicUrl);
        var options = new AlertsOptions
        {
            Defaults = ReadRules(map.Json("defaults"), map.Child("defaults"), map.Context) ?? d.Defaults,
            TagDefaults = ReadTagDefaults(map.Json("tag_defaults"), map.Child("tag_defaults"), map.Context),
            RetryForMinutes = map.Int("retry_for_minutes", d.RetryForMinutes, 1, 43_200),
            RetryInitialSeconds = retryInitial,
            RetryMaxSeconds = retryMax,
            StormPerMinute = map.Int("storm_per_minute", d.StormPerMinute, 1, 1_000_000),
            ChannelPerMinute = map.Int("channel_per_minute", d.ChannelPerMinute, 1, 1_000_000),
            SendTimeoutSeconds = map.Int("send_timeout_seconds", d.SendTimeoutSeconds, 1, 300),
            MaxConcurrentSends = map.Int("max_concurrent_sends", d.MaxConcurrentSends, 1, 1024),
            AllowShellChannel = map.Bool("allow_shell_channel", d.AllowShellChannel),
            PublicUrl = publicUrl is null ? null : new Uri(publicUrl.Trim(), UriKind.Absolute),
            SystemChannels = ReadSystemChannels(map),
        };
        map.Finish();
        return options;
    }

    private static AlertRules? ReadRules(JsonElement? json, string path, ConfigReadContext context)
    {
        if (json is not { } rules)
            return null;
        var errors = new List<FieldError>();
        var read = AlertRulesReader.Read(rules, null, AlertRuleScope.Any, errors, path);
        foreach (var error in errors)
            context.Error(error.Field, error.Message);
        return read;
    }

    private static Dictionary<string, AlertRules> ReadTagDefaults(JsonElement? json, string path, ConfigReadContext context)
    {
        var byTag = new Dictionary<string, AlertRules>(StringComparer.Ordinal);
        if (json is not { } tags)
            return byTag;
        if (tags.ValueKind != JsonValueKind.Object)
        {
            context.Error(path, "must be a mapping of tag to alert rules");
            return byTag;
        }
        foreach (var tag in tags.EnumerateObject())
        {
            if (!TagPattern().IsMatch(tag.Name))
                context.Error($"{path}.{tag.Name}", "is not a tag: 1 to 64 characters of letters, digits, '-', '_', '.', ':' or '/'");
            else if (ReadRules(tag.Value, $"{path}.{tag.Name}", context) is { } rules)
                byTag[tag.Name] = rules;
        }
        return byTag;
    }

    private static string[] ReadSystemChannels(YamlMapReader map)
    {
        var channels = map.TextList("system_channels") ?? [];
        if (channels.Count > MaxSystemChannels)
            map.Context.Error(map.Child("system_channels"), $"at most {MaxSystemChannels} channels");
        for (var i = 0; i < channels.Count; i++)
            if (channels[i].Trim().Length is 0 or > MonitorDraft.MaxChannelRefLength)
                map.Context.Error($"{map.Child("system_channels")}[{i}]", $"must be a channel id or name of 1 to {MonitorDraft.MaxChannelRefLength} characters");
        return [.. channels.Select(c => c.Trim()).Distinct(StringComparer.Ordinal)];
    }

    // The tag rule of monitors (MonitorDraft), so a tag that no monitor could carry is caught here.
    [GeneratedRegex("^[A-Za-z0-9_.:/-]{1,64}$")]
    private static partial Regex TagPattern();
}
