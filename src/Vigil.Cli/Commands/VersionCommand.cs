using System.CommandLine;
using System.Reflection;

namespace Vigil.Cli.Commands;

internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public static Command Create()
    {
        var command = new Command("version", "Print the version");
        command.SetAction(_ => Console.WriteLine($"vigil {Version} (.NET {Environment.Version})"));
        return command;
    }
}
