using System.CommandLine;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring;
using Scoreboard.Security;
using Scoreboard.Storage;

namespace Scoreboard.Cli;

/// <summary>
/// <c>keys create | list | revoke</c>: service keys kept in the store (SQLite, or PostgreSQL in distributed mode), only
/// as hashes. They work beside a running server, which re-reads stored keys every
/// <see cref="ServiceKeyOptions.RefreshSeconds"/>: a new key starts working and a revoked one stops within that time.
/// </summary>
public static class KeyCommands
{
    public static Command Create(CommandHost host)
    {
        var name = new Option<string>("--name") { Description = "The key's name, shown in logs and in keys list.", Required = true };
        var types = new Option<string>("--action-types") { Description = "Action types the key may credit, comma-separated (T1,T2), or * for all.", Required = true };
        var create = new Command("create", "Create a service key and print it once; only its hash is kept.") { name, types };
        create.SetAction((parse, ct) => CreateAsync(host, parse.GetRequiredValue(name), parse.GetRequiredValue(types), ct));

        var list = new Command("list", "List the active service keys: name, source (configured, generated, created), action types. Never the secrets.");
        list.SetAction((_, ct) => ListAsync(host, ct));

        var revoked = new Argument<string>("name") { Description = "The stored key to revoke (see keys list)." };
        var revoke = new Command("revoke", "Revoke a stored key; running servers stop accepting it within Scoreboard:ServiceKeys:RefreshSeconds.") { revoked };
        revoke.SetAction((parse, ct) => RevokeAsync(host, parse.GetRequiredValue(revoked), ct));

        return new Command("keys", "Service keys for backends (the X-API-KEY header).") { create, list, revoke };
    }

    private static async Task<int> CreateAsync(CommandHost host, string name, string types, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        var actionTypes = types.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var catalog = app.Services.GetRequiredService<ActionCatalog>();
        if (!Ids.IsValidActionType(name))
        {
            throw new CommandRefusedException($"--name must be 1–{Ids.MaxActionTypeLength} letters, digits and _ - . : @ (got '{name}').");
        }

        if (actionTypes.Length == 0 || actionTypes.Any(t => t != "*" && catalog.Find(t) is null))
        {
            throw new CommandRefusedException($"--action-types must be * or types of the action catalog ({string.Join(", ", catalog.Types.Order())}); got '{types}'.");
        }

        var (options, store, stored) = await ReadAsync(app, mayCreate: true, cancellationToken);
        if (ActiveServiceKey.All(options, stored).Any(k => k.Name == name) || name == ServiceKeyRegistry.GeneratedKeyName)
        {
            Console.Error.WriteLine($"scoreboard: a service key named {name} exists already; revoke it first or choose another name.");
            return ExitCodes.Failed;
        }

        var secret = ServiceKeyRegistry.NewSecret();
        await store.AddServiceKeyAsync(new StoredServiceKey(name, Convert.ToHexStringLower(ServiceKeyRegistry.Hash(secret)), actionTypes), cancellationToken);
        Console.Error.WriteLine($"scoreboard: created service key {name} for {string.Join(",", actionTypes)}. It is shown once, below; only its hash is kept.");
        Console.WriteLine(secret);
        return ExitCodes.Done;
    }

    private static async Task<int> ListAsync(CommandHost host, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        var (options, _, stored) = await ReadAsync(app, mayCreate: false, cancellationToken);
        var keys = ActiveServiceKey.All(options, stored);
        var width = Math.Max(4, keys.Count == 0 ? 0 : keys.Max(k => k.Name.Length));
        Console.WriteLine($"{"NAME".PadRight(width)}  {"SOURCE",-10}  ACTION TYPES");
        foreach (var key in keys)
        {
            Console.WriteLine($"{key.Name.PadRight(width)}  {key.Source.ToString().ToLowerInvariant(),-10}  {string.Join(",", key.ActionTypes)}");
        }

        return ExitCodes.Done;
    }

    private static async Task<int> RevokeAsync(CommandHost host, string name, CancellationToken cancellationToken)
    {
        await using var app = host.Build();
        var (options, store, _) = await ReadAsync(app, mayCreate: false, cancellationToken);
        if (await store.RevokeServiceKeyAsync(name, cancellationToken))
        {
            Console.WriteLine($"scoreboard: revoked service key {name}; running servers stop accepting it within {options.RefreshSeconds} seconds.");
            return ExitCodes.Done;
        }

        var configured = ActiveServiceKey.All(options, []).Any(k => k.Name == name);
        Console.Error.WriteLine(configured
            ? $"scoreboard: {name} is a configured key (SCOREBOARD_API_KEY or Scoreboard:ServiceKeys:Keys); remove it from the configuration and restart."
            : $"scoreboard: there is no stored service key named {name}; keys list shows them.");
        return ExitCodes.Failed;
    }

    // The store is migrated first, as the server does; beside a running server of the same version that changes nothing.
    // Only create makes a new embedded store (keys provisioned before the first start); a mistyped folder is not one.
    private static async Task<(ServiceKeyOptions, IScoreStore, IReadOnlyList<StoredServiceKey>)> ReadAsync(
        WebApplication app, bool mayCreate, CancellationToken cancellationToken)
    {
        if (!mayCreate && app.IsEmbedded() && !File.Exists(app.DatabasePath()))
        {
            throw new CommandRefusedException($"there is no store at {app.DatabasePath()}; point SCOREBOARD_DATA_DIR at the server's data folder.");
        }

        var options = app.Services.GetRequiredService<IOptions<ServiceKeyOptions>>().Value;
        var store = app.Services.GetRequiredService<IScoreStore>();
        await store.MigrateAsync(cancellationToken);
        return (options, store, await store.ReadServiceKeysAsync(cancellationToken));
    }
}
