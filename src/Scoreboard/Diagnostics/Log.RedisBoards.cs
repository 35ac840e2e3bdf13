namespace Scoreboard.Diagnostics;

/// <summary>Log lines of the boards' Redis rankings (event ids 830–839).</summary>
internal static partial class Log
{
    [LoggerMessage(830, LogLevel.Information, "Redis rankings of board {BoardId} checked against the store: {Periods} kept periods, {Standings} standings, {Repaired} entries repaired, {Removed} removed")]
    public static partial void BoardRankingsReconciled(ILogger logger, string boardId, int periods, long standings, long repaired, long removed);

    [LoggerMessage(831, LogLevel.Warning, "Redis did not take {Count} board standings; board reads come from PostgreSQL and the rankings are rebuilt once Redis answers")]
    public static partial void BoardRankingsUpdateFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(832, LogLevel.Warning, "The Redis rankings of boards could not be checked or pruned; retrying")]
    public static partial void BoardRankingsChoreFailed(ILogger logger, Exception exception);

    [LoggerMessage(833, LogLevel.Information, "Pruned {Periods} ended periods' Redis rankings and {Boards} deleted boards' ones")]
    public static partial void BoardRankingsPruned(ILogger logger, int periods, int boards);
}
