using System.Text.Json;
using Vigil.Alerting.Templates;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Templates;

public sealed class MessageTemplateTests
{
    private static readonly AlertMessage Alert = new(Guid.NewGuid(), AlertKind.Down, Guid.NewGuid(), "Shop {name}", "shop",
        "down", "timeout after 5 s", new DateTimeOffset(2026, 11, 24, 2, 40, 5, 123, TimeSpan.FromHours(2)), "https://vigil.example/m/shop");

    [Fact]
    public void Every_placeholder_renders_and_values_go_in_verbatim()
    {
        var template = MessageTemplate.Parse("{kind}|{name}|{slug}|{status}|{reason}|{time}|{link}", out var error);

        Assert.Null(error);
        // "{name}" inside the monitor's name stays text: values are never expanded again.
        Assert.Equal("down|Shop {name}|shop|down|timeout after 5 s|2026-11-24T00:40:05Z|https://vigil.example/m/shop", template!.Render(Alert));
    }

    [Fact]
    public void Doubled_braces_are_literal_and_a_missing_link_is_empty()
    {
        var template = MessageTemplate.Parse("{{{name}}} <{link}>", out _);

        Assert.Equal("{Shop {name}} <>", template!.Render(Alert with { Link = null }));
    }

    [Fact]
    public void An_escaper_touches_only_the_values()
    {
        var template = MessageTemplate.Parse("*{slug}* {reason}", out _);

        Assert.Equal("*[shop]* [timeout after 5 s]", template!.Render(Alert, v => $"[{v}]"));
    }

    [Theory]
    [InlineData("{name} {host}", "unknown placeholder {host}")]
    [InlineData("{Name}", "unknown placeholder {Name}")]
    [InlineData("{name", "unclosed '{' at position 0")]
    [InlineData("down}", "unmatched '}' at position 4")]
    [InlineData("", "must be 1 to 2000 characters")]
    public void Bad_templates_say_what_is_wrong(string text, string expected)
    {
        Assert.Null(MessageTemplate.Parse(text, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Defaults_differ_per_kind()
    {
        var defaults = MessageTemplates.Defaults;

        Assert.Equal("Shop {name} is down: timeout after 5 s", defaults.Render(Alert));
        Assert.Equal("Shop {name} is up again: ok", defaults.Render(Alert with { Kind = AlertKind.Up, MonitorStatus = "up", Reason = "ok" }));
        Assert.Equal("Shop {name} is still down: timeout after 5 s", defaults.Render(Alert with { Kind = AlertKind.Reminder }));
        Assert.Equal("Shop {name} is flapping: 6 changes in 10 min", defaults.Render(Alert with { Kind = AlertKind.Flapping, Reason = "6 changes in 10 min" }));
        Assert.Equal("Vigil: 120 monitors down", defaults.Render(Alert with { Kind = AlertKind.Summary, MonitorName = "Vigil", Reason = "120 monitors down" }));
    }

    [Fact]
    public void Own_templates_replace_only_the_kinds_they_name_and_errors_name_the_key()
    {
        var errors = new List<FieldError>();
        var fields = new CheckFields(JsonDocument.Parse("""{"t": {"down": "DOWN {slug}"}}""").RootElement, errors, "channel.", new HashSet<string>());

        var templates = MessageTemplates.Read(fields, "t");

        Assert.Empty(errors);
        Assert.Equal("DOWN shop", templates.Render(Alert));
        Assert.Equal("Shop {name} is still down: timeout after 5 s", templates.Render(Alert with { Kind = AlertKind.Reminder }));

        var bad = new CheckFields(JsonDocument.Parse("""{"t": {"Down": "x", "up": 3, "reminder": "{x}"}}""").RootElement, errors, "channel.", new HashSet<string>());
        MessageTemplates.Read(bad, "t");
        Assert.Equal(["channel.t.Down", "channel.t.up", "channel.t.reminder"], errors.Select(e => e.Field));
    }
}
