using System.Globalization;
using System.Text;
using Vigil.Alerting.Templates;

namespace Vigil.Alerting.Channels.Smtp;

/// <summary>
/// The RFC 5322 text of one alert mail. The Message-ID is the alert's id, so a retried alert is the same message to
/// any mail system that drops duplicates. Header values lose CR/LF (no header injection from a monitor name);
/// non-ASCII goes into encoded words and a base64 body, so no server needs 8BITMIME or SMTPUTF8.
/// </summary>
internal static class AlertMail
{
    public static string Build(SmtpSettings s, AlertMessage alert)
    {
        var body = Body(alert);
        // Lines past 998 octets are illegal in 7bit mail (RFC 5322 §2.1.1): such a body goes as base64 too.
        var ascii = Ascii.IsValid(body) && body.Split("\r\n").All(l => l.Length <= 900);
        var b = new StringBuilder();
        Header(b, "Date", alert.At.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture));
        Header(b, "From", s.From);
        Header(b, "To", string.Join(", ", s.To));
        Header(b, "Subject", Encoded($"[Vigil] {alert.MonitorName} is {alert.MonitorStatus}"));
        Header(b, "Message-ID", $"<{alert.Id:N}@{s.From[(s.From.LastIndexOf('@') + 1)..]}>");
        Header(b, "X-Vigil-Alert-Id", alert.Id.ToString());
        Header(b, "X-Vigil-Alert-Kind", alert.Kind.ToString().ToLowerInvariant());
        Header(b, "MIME-Version", "1.0");
        Header(b, "Content-Type", "text/plain; charset=utf-8");
        Header(b, "Content-Transfer-Encoding", ascii ? "7bit" : "base64");
        b.Append("\r\n");
        b.Append(ascii ? body : Wrapped(Convert.ToBase64String(Encoding.UTF8.GetBytes(body))));
        return b.ToString();
    }

    /// <summary>The default message text, then the time and the link on lines of their own.</summary>
    internal static string Body(AlertMessage a)
    {
        var b = new StringBuilder();
        b.Append(MessageTemplates.Defaults.Render(a)).Append("\r\n\r\n");
        b.Append(CultureInfo.InvariantCulture, $"Time: {a.At.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC\r\n");
        if (a.Link is { } link)
            b.Append(CultureInfo.InvariantCulture, $"Link: {OneLine(link)}\r\n");
        return b.ToString().ReplaceLineEndings("\r\n");
    }

    private static void Header(StringBuilder b, string name, string value) =>
        b.Append(name).Append(": ").Append(OneLine(value)).Append("\r\n");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    /// <summary>An RFC 2047 encoded word when the text is not plain ASCII.</summary>
    private static string Encoded(string text)
    {
        var line = OneLine(text);
        return Ascii.IsValid(line) && line.Length < 900 ? line : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(line))}?=";
    }

    private static string Wrapped(string base64)
    {
        var b = new StringBuilder();
        for (var i = 0; i < base64.Length; i += 76)
            b.Append(base64.AsSpan(i, Math.Min(76, base64.Length - i))).Append("\r\n");
        return b.ToString();
    }
}
