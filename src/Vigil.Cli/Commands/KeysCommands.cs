using System.CommandLine;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Server.Auth;
using Vigil.Storage.Sqlite;
using Vigil.Storage.Writing;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil keys create|list</c>: manage API keys in the data directory, with or without a running server.</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var name = new Option<string>("--name") { Description = "What the key is for", Required = true };
        var scope = new Option<string>("--scope") { Description = "read or write", DefaultValueFactory = _ => "read" };
        scope.AcceptOnlyFromAmong("read", "write");
        var create = new Command("create", "Create an API key and print its secret (shown only once)") { name, scope, ConfigSource.Config, ConfigSource.DataDir };
        create.SetAction(async (parse, cancellationToken) =>
        {
            if (ConfigSource.Load(parse) is not { } options)
                return ServeCommand.InvalidConfig;
            ApiKeys.TryParseScope(parse.GetValue(scope), out var parsedScope);
            var (key, secret) = ApiKeys.NewKey(parse.GetValue(name)!, parsedScope, TimeProvider.System.GetUtcNow());
            using var store = new SqliteStore(options.Storage.DataDir);
            store.Migrate();
            var writer = new BatchWriter(store, WriterOptions.Default, NullLogger<BatchWriter>.Instance);
            writer.Start();
            await writer.Submit(new CreateApiKey(key));
            await writer.DrainAsync();
            Console.WriteLine(secret);
            Console.Error.WriteLine($"created {key.Scope} key '{key.Name}' ({key.Id}); the secret above is not stored and cannot be shown again");
            return 0;
        });

        var list = new Command("list", "List API keys (never their secrets)") { ConfigSource.Config, ConfigSource.DataDir };
        list.SetAction(parse =>
        {
            if (ConfigSource.Load(parse) is not { } options)
                return ServeCommand.InvalidConfig;
            using var store = new SqliteStore(options.Storage.DataDir);
            store.Migrate();
            foreach (var key in store.ListApiKeys())
                Console.WriteLine($"{key.Id}  {key.Scope,-5}  {key.Prefix}…  {key.CreatedAt:u}  {key.Name}");
            return 0;
        });
        return new Command("keys", "Manage API keys") { create, list };
    }
}
