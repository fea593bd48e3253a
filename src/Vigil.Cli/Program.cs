using System.CommandLine;
using Vigil.Cli.Commands;

var root = new RootCommand("Vigil: self-hosted uptime and heartbeat monitoring")
{
    ServeCommand.Create(),
    ConfigCommands.Create(),
    KeysCommands.Create(),
    LoadTestCommand.Create(),
    VersionCommand.Create(),
};
// The host handles SIGTERM itself (drain, then exit); the parser must not race it with its own handler.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
