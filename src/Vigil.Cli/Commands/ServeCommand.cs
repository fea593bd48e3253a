using System.CommandLine;
using Vigil.Server.Hosting;
using Vigil.Server.Observability.Memory;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil serve</c>: runs the server until SIGTERM or Ctrl+C, then drains and exits.</summary>
internal static class ServeCommand
{
    public const int InvalidConfig = 2;

    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Listen addresses, ';'-separated (server.urls), e.g. http://127.0.0.1:8080" };
        var command = new Command("serve", "Run the Vigil server") { ConfigSource.Config, ConfigSource.DataDir, urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var extra = new Dictionary<string, string?>();
            if (parse.GetValue(urls) is { } u)
                extra["server.urls"] = u;
            if (ConfigSource.Load(parse, extra) is not { } options)
                return InvalidConfig;
            // Before anything starts: on Linux this re-executes vigil (same PID) with the GC heap limit in force.
            GcHeapLimitReexec.EnsureApplied(options.Performance.MemoryLimitMb * 1024L * 1024L);
            await using var app = await VigilApp.BuildAsync(options);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
