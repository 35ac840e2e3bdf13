namespace Scoreboard.Diagnostics;

/// <summary>Log lines of boards (event ids 800–809).</summary>
internal static partial class Log
{
    [LoggerMessage(800, LogLevel.Warning, "The boards could not be re-read from the store; the last ones read stay in use")]
    public static partial void BoardsReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(801, LogLevel.Information, "Rank index of board periods rebuilt: {Periods} periods, {Standings} standings")]
    public static partial void BoardIndexRebuilt(ILogger logger, int periods, long standings);

    [LoggerMessage(802, LogLevel.Information, "Board {BoardId} {Change} through the admin API")]
    public static partial void BoardChanged(ILogger logger, string boardId, string change);
}
