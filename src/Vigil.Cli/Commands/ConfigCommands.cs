using System.CommandLine;
using Vigil.Server.Configuration;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil config validate FILE</c> and <c>vigil config init --template small|large</c>.</summary>
internal static class ConfigCommands
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The YAML file to check" };
        var validate = new Command("validate", "Check a configuration file; print each problem with its key path") { file };
        validate.SetAction(parse =>
        {
            var result = ConfigLoader.Load(parse.GetValue(file)!.FullName, ConfigSource.Environment());
            if (!result.IsValid)
            {
                ConfigSource.PrintErrors(result);
                return ServeCommand.InvalidConfig;
            }
            Console.WriteLine($"{parse.GetValue(file)!.Name}: valid ({result.Options!.Monitors.Count} monitors declared)");
            return 0;
        });

        var template = new Option<string>("--template") { Description = "small (one machine) or large (about a million monitors)", DefaultValueFactory = _ => "small" };
        template.AcceptOnlyFromAmong([.. ConfigTemplates.Names]);
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write here instead of standard output (never overwrites)" };
        var init = new Command("init", "Write a commented starter configuration") { template, output };
        init.SetAction(parse =>
        {
            var text = ConfigTemplates.Render(parse.GetValue(template)!);
            if (parse.GetValue(output) is not { } target)
            {
                Console.Write(text);
                return 0;
            }
            if (target.Exists)
            {
                Console.Error.WriteLine($"vigil: {target.FullName} exists; not overwriting it");
                return 1;
            }
            File.WriteAllText(target.FullName, text);
            Console.WriteLine($"wrote {target.FullName}");
            return 0;
        });

        return new Command("config", "Check or create configuration files") { validate, init };
    }
}
