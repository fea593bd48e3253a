using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using Vigil.Alerting.Channels.Smtp;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>
/// Email over SMTP with STARTTLS or implicit TLS and AUTH PLAIN/LOGIN, through our own small client
/// (<see cref="SmtpConversation"/>). A 4yz reply is a retry, a 5yz reply a failure; an unreachable or silent server is
/// a retry. A password is only accepted with TLS, and never appears in a detail.
/// </summary>
public sealed class SmtpChannel : IChannel
{
    private static readonly HashSet<string> CallerFields = ["name", "type"];

    public string Type => "smtp";

    public IReadOnlyList<SecretSetting> Secrets { get; } = [SecretSetting.Value("password")];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors)
    {
        var f = new CheckFields(json, errors, "", CallerFields);
        var host = f.Text("host", "", h => h.Length is > 0 and <= 253 && Uri.CheckHostName(h) != UriHostNameType.Unknown ? null : "must be a host name or IP address");
        var tls = f.Custom("tls", SmtpTls.StartTls, v => (v.ValueKind == JsonValueKind.String ? v.GetString() : null) switch
        {
            "none" => (SmtpTls.None, null),
            "starttls" => (SmtpTls.StartTls, null),
            "implicit" => (SmtpTls.Implicit, null),
            _ => (default, "must be one of none, starttls, implicit"),
        });
        var port = f.Int("port", tls switch { SmtpTls.Implicit => 465, SmtpTls.StartTls => 587, _ => 25 }, 1, 65535);
        var from = f.Text("from", "", Address);
        var to = f.TextList("to", [], 50);
        if (f.Has("to") && to.Count == 0)
            f.Error("to", "must name at least one recipient");
        else if (to.FirstOrDefault(a => Address(a) is not null) is { } bad)
            f.Error("to", $"\"{bad}\" {Address(bad)}");
        var username = f.OptionalText("username", null, u => u.Length is > 0 and <= 256 && !u.Contains('\0') ? null : "must be 1 to 256 characters");
        var password = f.OptionalText("password", null, p => p.Length <= 1024 && !p.Contains('\0') ? null : "must be at most 1024 characters");
        if (username is not null && tls == SmtpTls.None)
            f.Error("username", "needs tls starttls or implicit: the password would cross the network in the clear");
        if (password is not null && username is null)
            f.Error("password", "needs a username");
        var settings = new SmtpSettings(host, port, tls, f.Bool("verify_tls", true), from, to, username, password,
            f.Seconds("timeout_seconds", TimeSpan.FromSeconds(30), 1, 300),
            f.Text("helo_name", "vigil.localdomain", h => h.Length <= 253 && Uri.CheckHostName(h) == UriHostNameType.Dns ? null : "must be a DNS name"));
        foreach (var name in (string[])["host", "from", "to"])
        {
            if (!f.Has(name))
                f.Error(name, "is required");
        }
        foreach (var name in f.UnknownFields())
            f.Error(name, "is not a field of smtp channels (known: host, port, tls, verify_tls, from, to, username, password, timeout_seconds, helo_name)");
        return f.HasErrors ? null : settings;
    }

    public async Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var s = (SmtpSettings)settings;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s.Timeout);
        try
        {
            await using var conversation = await SmtpConversation.OpenAsync(s, timeout.Token);
            await conversation.SendAsync(s.From, s.To, AlertMail.Build(s, alert), timeout.Token);
            return Delivery.Delivered($"accepted by {s.Host}:{s.Port} for {s.To.Count} recipient(s)");
        }
        catch (SmtpReplyException e)
        {
            // 5yz is permanent; 4yz, and any reply that makes no sense here, may pass.
            return e.Code is >= 500 and < 600 ? Delivery.Failed(e.Message) : Delivery.Retry(e.Message);
        }
        catch (SmtpCapabilityException e)
        {
            return Delivery.Failed(e.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Delivery.Retry($"no answer from {s.Host}:{s.Port} within {s.Timeout.TotalSeconds:0} s");
        }
        catch (Exception e) when (e is SocketException or IOException or AuthenticationException)
        {
            // A TLS failure too: a certificate can be renewed, and the outbox bounds the retries.
            return Delivery.Retry($"{s.Host}:{s.Port}: {e.Message}");
        }
    }

    /// <summary>A bare ASCII address (no display name): the envelope and headers use it as it is.</summary>
    private static string? Address(string text) =>
        text.Length <= 254 && Ascii.IsValid(text) && MailAddress.TryCreate(text, out var a) && a.Address == text && a.DisplayName.Length == 0
            ? null
            : "must be a plain ASCII email address such as alerts@example.com";
}

/// <param name="HeloName">The name given in EHLO.</param>
public sealed record SmtpSettings(
    string Host,
    int Port,
    SmtpTls Tls,
    bool VerifyTls,
    string From,
    IReadOnlyList<string> To,
    string? Username,
    string? Password,
    TimeSpan Timeout,
    string HeloName) : ChannelSettings
{
    public override string ToString() =>
        $"SmtpSettings {{ Host = {Host}, Port = {Port}, Tls = {Tls}, From = {From}, To = [{string.Join(", ", To)}], Username = {Username}, Password = {(Password is null ? "" : "***")} }}";
}

/// <summary>How the connection is protected.</summary>
public enum SmtpTls
{
    /// <summary>Plain text throughout (a relay on loopback or a trusted network).</summary>
    None,
    /// <summary>Plain connect, then STARTTLS before anything else; refused when the server does not offer it.</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Implicit,
}
