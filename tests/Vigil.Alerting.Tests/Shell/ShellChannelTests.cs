using System.Diagnostics;
using System.Text.Json;
using Vigil.Alerting.Channels;
using Vigil.Core.Monitors;

namespace Vigil.Alerting.Tests.Shell;

/// <summary>Real /bin/sh scripts in a temp directory.</summary>
public sealed class ShellChannelTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("vigil-shell-");
    private readonly ShellChannel _channel = new(allowed: true);

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public async Task The_script_gets_the_alert_in_its_environment_and_as_json_on_stdin()
    {
        var env = Path.Combine(_directory.FullName, "env.txt");
        var stdin = Path.Combine(_directory.FullName, "stdin.json");
        var script = Script("""
            printf '%s|%s|%s|%s|%s|%s\n' "$VIGIL_ALERT_ID" "$VIGIL_ALERT_KIND" "$VIGIL_ALERT_MONITOR" "$VIGIL_ALERT_STATUS" "$VIGIL_ALERT_REASON" "$1" > "$2"
            cat > "$3"
            echo sent
            """);
        var alert = TestAlerts.Down(Guid.NewGuid(), name: "Billing API; rm -rf /") with { Reason = "it's $HOME `x`" };

        var sent = await _channel.SendAsync(Settings("/bin/sh", script, "two words", env, stdin), alert, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Delivered, sent.Outcome);
        Assert.Equal("exit 0; stdout: sent", sent.Detail);
        // Arguments and values arrive as they are: no shell in between expands them.
        Assert.Equal($"{alert.Id}|down|Billing API; rm -rf /|down|it's $HOME `x`|two words\n", await File.ReadAllTextAsync(env));
        using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(stdin));
        Assert.Equal(alert.Id, json.RootElement.GetProperty("id").GetGuid());
        Assert.Equal("billing-api", json.RootElement.GetProperty("monitor").GetProperty("slug").GetString());
        Assert.Equal(alert.Link, json.RootElement.GetProperty("link").GetString());
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_retry_with_bounded_output()
    {
        var script = Script("""
            head -c 100000 /dev/zero | tr '\0' x
            echo "smtp relay unreachable" >&2
            exit 3
            """);

        var sent = await _channel.SendAsync(Settings("/bin/sh", script), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, sent.Outcome);
        Assert.StartsWith("exit 3; stdout: xxx", sent.Detail, StringComparison.Ordinal);
        Assert.EndsWith("; stderr: smtp relay unreachable", sent.Detail, StringComparison.Ordinal);
        Assert.True(sent.Detail.Length < 2 * ShellChannel.OutputLimit + 100, $"detail of {sent.Detail.Length} characters");
    }

    [Fact]
    public async Task The_timeout_kills_the_process_tree()
    {
        var pids = Path.Combine(_directory.FullName, "pids");
        // The child sleeps in the background; the script waits for it.
        var script = Script("""
            sleep 300 &
            echo $! > "$1"
            wait
            """);

        var sent = await _channel.SendAsync(new ShellSettings(["/bin/sh", script, pids], TimeSpan.FromSeconds(1)), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Retry, sent.Outcome);
        Assert.Equal("killed after 1 s", sent.Detail);
        var child = int.Parse(await File.ReadAllTextAsync(pids), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await GoneAsync(child), $"the background child {child} survived");
    }

    [Fact]
    public async Task A_program_that_does_not_exist_fails()
    {
        var sent = await _channel.SendAsync(Settings(Path.Combine(_directory.FullName, "missing")), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Failed, sent.Outcome);
    }

    [Fact]
    public async Task The_environment_carries_no_server_variables()
    {
        Environment.SetEnvironmentVariable("VIGIL_TEST_SECRET", "hunter2");
        var out_ = Path.Combine(_directory.FullName, "env");
        var script = Script("env > \"$1\"");

        await _channel.SendAsync(Settings("/bin/sh", script, out_), TestAlerts.Down(Guid.NewGuid()), CancellationToken.None);

        Assert.DoesNotContain("hunter2", await File.ReadAllTextAsync(out_), StringComparison.Ordinal);
    }

    [Fact]
    public void When_not_allowed_read_names_the_type()
    {
        var errors = new List<FieldError>();

        Assert.Null(new ShellChannel(allowed: false).Read(Json("""{"name": "s", "type": "shell", "command": ["/bin/true"]}"""), errors));
        Assert.Equal("type", Assert.Single(errors).Field);
    }

    [Fact]
    public void Read_names_every_bad_field()
    {
        var errors = new List<FieldError>();

        Assert.Null(_channel.Read(Json("""{"name": "s", "type": "shell", "command": "echo hi", "timeout_seconds": 9999, "shell": true}"""), errors));
        Assert.Equal(["command", "shell", "timeout_seconds"], errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void Read_takes_an_argv_list()
    {
        var errors = new List<FieldError>();

        var settings = Assert.IsType<ShellSettings>(_channel.Read(Json("""{"name": "s", "type": "shell", "command": ["/usr/bin/logger", "-t", "vigil"]}"""), errors));

        Assert.Empty(errors);
        Assert.Equal(["/usr/bin/logger", "-t", "vigil"], settings.Command);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
    }

    private static ShellSettings Settings(params string[] command) => new(command, TimeSpan.FromSeconds(60));

    private string Script(string body)
    {
        var path = Path.Combine(_directory.FullName, $"script-{Guid.NewGuid():N}.sh");
        File.WriteAllText(path, body.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    /// <summary>SIGKILL is sent, not awaited: the child is gone (or a zombie) shortly after, never in 300 s.</summary>
    private static async Task<bool> GoneAsync(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var stat = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "stat");
            if (!File.Exists(stat) || File.ReadAllText(stat).Split(") ")[^1].StartsWith('Z'))
                return true;
            await Task.Delay(50);
        }
        return false;
    }

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
