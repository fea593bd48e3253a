namespace Vigil.Alerting.Channels.Http;

/// <summary>How chat channels mark an alert's kind: one colour per kind, the same in Slack, Discord and Teams.</summary>
internal static class AlertStyle
{
    /// <summary>RGB: red down, green up, orange reminder, amber flapping, blue summary.</summary>
    public static int Rgb(AlertKind kind) => kind switch
    {
        AlertKind.Down => 0xD32F2F,
        AlertKind.Up => 0x2E7D32,
        AlertKind.Reminder => 0xF57C00,
        AlertKind.Flapping => 0xFBC02D,
        _ => 0x1565C0,
    };

    public static string Hex(AlertKind kind) => $"#{Rgb(kind):X6}";

    /// <summary>Adaptive Card text colours (a fixed palette, not RGB).</summary>
    public static string AdaptiveColor(AlertKind kind) => kind switch
    {
        AlertKind.Down => "attention",
        AlertKind.Up => "good",
        AlertKind.Reminder or AlertKind.Flapping => "warning",
        _ => "accent",
    };
}
