namespace Scoreboard.Storage;

/// <summary>Where the store keeps the ledger, for the start-up log line: a file path, or a database address without credentials.</summary>
public sealed record StoreLocation(string Value);
