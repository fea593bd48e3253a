using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text;
using Vigil.Alerting.Templates;
using Vigil.Core.Checks.Json;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Channels;

/// <summary>
/// Runs a command (an argv list, never through a shell) per alert, with the alert in <c>VIGIL_ALERT_*</c> environment
/// variables and as JSON on stdin. Off unless the server's config allows it (<paramref name="allowed"/>): anyone who can
/// create channels could otherwise run programs as Vigil. Exit 0 is delivered; any other exit is a retry, since a
/// script's failure is most often its own receiver being away and Vigil cannot tell a permanent one apart (the outbox
/// bounds the retries). The timeout kills the whole process tree.
/// </summary>
public sealed class ShellChannel(bool allowed) : IChannel
{
    /// <summary>Captured stdout and stderr, each, kept for the detail; the rest is read and dropped.</summary>
    public const int OutputLimit = 2048;

    private static readonly HashSet<string> CallerFields = ["name", "type"];

    public string Type => "shell";

    /// <summary>None: the command is shown as it is, so it must not carry secrets (it can read them from files).</summary>
    public IReadOnlyList<SecretSetting> Secrets { get; } = [];

    public ChannelSettings? Read(JsonElement json, List<FieldError> errors)
    {
        if (!allowed)
        {
            errors.Add(new("type", "the shell channel is disabled on this server (alerts.allow_shell_channel)"));
            return null;
        }
        var f = new CheckFields(json, errors, "", CallerFields);
        var before = errors.Count;
        var command = f.TextList("command", [], 64);
        if (!f.Has("command"))
            f.Error("command", "is required");
        else if (errors.Count == before && (command.Count == 0 || command[0].Length == 0))
            f.Error("command", "must start with the program to run");
        var settings = new ShellSettings(command, f.Seconds("timeout_seconds", TimeSpan.FromSeconds(30), 1, 600));
        foreach (var name in f.UnknownFields())
            f.Error(name, "is not a field of shell channels (known: command, timeout_seconds)");
        return f.HasErrors ? null : settings;
    }

    public async Task<Delivery> SendAsync(ChannelSettings settings, AlertMessage alert, CancellationToken cancellationToken)
    {
        var s = (ShellSettings)settings;
        var start = new ProcessStartInfo(s.Command[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in s.Command.Skip(1))
            start.ArgumentList.Add(argument);
        // Only the alert and a minimal base: Vigil's own environment may carry channel secrets.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        start.Environment["LANG"] = "C.UTF-8";
        foreach (var (name, value) in Environment(alert))
            start.Environment[name] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return Delivery.Failed($"could not start {s.Command[0]}: {e.Message}");
        }

        var stdout = ReadBoundedAsync(process.StandardOutput.BaseStream);
        var stderr = ReadBoundedAsync(process.StandardError.BaseStream);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s.Timeout);
        try
        {
            await WriteInputAsync(process, alert, timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await OutputAsync(stdout, stderr);
            cancellationToken.ThrowIfCancellationRequested();
            return Delivery.Retry($"killed after {s.Timeout.TotalSeconds:0} s");
        }
        var output = await OutputAsync(stdout, stderr);
        var code = process.ExitCode.ToString(CultureInfo.InvariantCulture);
        var detail = $"exit {code}" + Tail("stdout", output[0]) + Tail("stderr", output[1]);
        return process.ExitCode == 0 ? Delivery.Delivered(detail) : Delivery.Retry(detail);
    }

    internal static IEnumerable<KeyValuePair<string, string>> Environment(AlertMessage a) =>
    [
        new("VIGIL_ALERT_ID", a.Id.ToString()),
        new("VIGIL_ALERT_KIND", a.Kind.ToString().ToLowerInvariant()),
        new("VIGIL_ALERT_MONITOR", a.MonitorName),
        new("VIGIL_ALERT_MONITOR_ID", a.MonitorId.ToString()),
        new("VIGIL_ALERT_SLUG", a.MonitorSlug),
        new("VIGIL_ALERT_STATUS", a.MonitorStatus),
        new("VIGIL_ALERT_REASON", a.Reason),
        new("VIGIL_ALERT_AT", a.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)),
        new("VIGIL_ALERT_LINK", a.Link ?? ""),
        new("VIGIL_ALERT_TEXT", Text(a)),
    ];

    private static async Task WriteInputAsync(Process process, AlertMessage a, CancellationToken cancellationToken)
    {
        try
        {
            await process.StandardInput.BaseStream.WriteAsync(Json(a), cancellationToken);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The command did not read its stdin and exited: its exit code says the rest.
        }
    }

    internal static byte[] Json(AlertMessage a)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", a.Id);
            w.WriteString("kind", a.Kind.ToString().ToLowerInvariant());
            w.WriteStartObject("monitor");
            w.WriteString("id", a.MonitorId);
            w.WriteString("name", a.MonitorName);
            w.WriteString("slug", a.MonitorSlug);
            w.WriteEndObject();
            w.WriteString("status", a.MonitorStatus);
            w.WriteString("reason", a.Reason);
            w.WriteString("at", a.At.UtcDateTime);
            if (a.Link is null)
                w.WriteNull("link");
            else
                w.WriteString("link", a.Link);
            w.WriteString("text", Text(a));
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>A background child left running with our pipes would hold them open: then the output is not waited for.</summary>
    private static async Task<string[]> OutputAsync(Task<string> stdout, Task<string> stderr)
    {
        try
        {
            return await Task.WhenAll(stdout, stderr).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (TimeoutException)
        {
            return ["", "(output not closed: a background process still holds it)"];
        }
    }

    /// <summary>The first <see cref="OutputLimit"/> bytes; reads on to the end so the command never blocks on a full pipe.</summary>
    private static async Task<string> ReadBoundedAsync(Stream stream)
    {
        var kept = new byte[OutputLimit];
        var count = 0;
        var scratch = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(scratch)) > 0)
        {
            var take = Math.Min(read, OutputLimit - count);
            scratch.AsSpan(0, take).CopyTo(kept.AsSpan(count));
            count += take;
        }
        return Encoding.UTF8.GetString(kept, 0, count);
    }

    private static string Tail(string name, string text) =>
        string.IsNullOrWhiteSpace(text) ? "" : $"; {name}: {text.Trim()}";

    private static string Text(AlertMessage a) => MessageTemplates.Defaults.Render(a);
}

/// <param name="Command">The program and its arguments, passed as they are (no shell, no interpolation).</param>
public sealed record ShellSettings(IReadOnlyList<string> Command, TimeSpan Timeout) : ChannelSettings;
