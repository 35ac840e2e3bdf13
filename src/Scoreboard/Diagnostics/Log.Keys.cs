namespace Scoreboard.Diagnostics;

/// <summary>Service keys at start-up and as they change: names and allowed types, never the secrets.</summary>
internal static partial class Log
{
    [LoggerMessage(800, LogLevel.Information, "Service key {Name} ({Source}) is active for action types {ActionTypes}")]
    public static partial void ServiceKeyActive(ILogger logger, string name, string source, string actionTypes);

    [LoggerMessage(801, LogLevel.Warning, "SCOREBOARD_API_KEY is set, and the key {Name} generated for this data folder on its first start is active too. Revoke it with: dotnet Scoreboard.dll keys revoke {Name}")]
    public static partial void GeneratedKeyStillActive(ILogger logger, string name);

    [LoggerMessage(802, LogLevel.Information, "Service key {Name} was revoked; it is no longer accepted")]
    public static partial void ServiceKeyRevoked(ILogger logger, string name);

    [LoggerMessage(803, LogLevel.Information, "Service key {Name} was added, for action types {ActionTypes}")]
    public static partial void ServiceKeyAdded(ILogger logger, string name, string actionTypes);

    [LoggerMessage(804, LogLevel.Warning, "Service keys could not be re-read from the store ({Reason}); the keys last read stay in force")]
    public static partial void ServiceKeysUnreadable(ILogger logger, string reason);
}
