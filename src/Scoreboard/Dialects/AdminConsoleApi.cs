using Scoreboard.Replies;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Npgsql;
using Scoreboard.ApiDocs;
using Scoreboard.Diagnostics;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Security.AntiCheat;
using Scoreboard.Storage;

namespace Scoreboard.Dialects;

/// <summary>
/// What the admin console reads beyond the review endpoints: this instance's live traffic, one user's standings and
/// flags, and every board with its seasons. Under the admin group's key check, in its <c>{success, data}</c> envelope.
/// </summary>
public static class AdminConsoleApi
{
    /// <summary>The flags a user lookup shows (the newest), so one user with thousands of flags cannot blow up a reply.</summary>
    public const int MaxUserFlags = 50;

    public static RouteGroupBuilder MapAdminConsole(this RouteGroupBuilder admin)
    {
        admin.MapGet("/stats", Stats)
            .WithSummary("This instance's traffic, one point per second for the last 300 s (since: only points after that unix time in ms)")
            .Produces<Envelope<ConsoleSnapshot>>().Fails(Failure.InvalidRequest);
        admin.MapGet("/users/{userId}", UserAsync)
            .WithSummary("A user's standing on each board's current period, whether their credits are held, and their newest flags")
            .Produces<Envelope<UserProfile>>().Fails(Failure.InvalidRequest);
        admin.MapGet("/boards", Boards)
            .WithSummary("Every board with its current period, where it is defined, and its seasons").Produces<Envelope<IReadOnlyList<AdminBoard>>>();
        return admin;
    }

    private static IResult Stats(string? since, ConsoleStats stats, IOptions<AnomalyOptions> anomalies, IServiceProvider services)
    {
        DateTimeOffset? after = null;
        if (since is not null)
        {
            if (!long.TryParse(since, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms > 253_402_300_799_999)
            {
                return ApiErrors.Result(Dialect.Seed002, Failure.InvalidRequest, "'since' is a unix time in milliseconds.", new() { ["field"] = "since" });
            }

            after = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        }

        var (applied, refused) = stats.Totals;
        var mode = services.GetService<NpgsqlDataSource>() is null ? "embedded" : "distributed";
        var snapshot = new ConsoleSnapshot(Environment.MachineName, mode, (int)ConsoleStats.Every.TotalSeconds, ConsoleStats.HistorySeconds,
            applied, refused, anomalies.Value.FreezeFlagged, stats.Points(after));
        return TypedResults.Json(new Envelope<ConsoleSnapshot>(true, snapshot), AdminConsoleJson.Default.EnvelopeConsoleSnapshot);
    }

    private static async Task<IResult> UserAsync(
        string userId, BoardRegistry registry, BoardReads reads, IFlagStore flags, AnomalyMonitor monitor, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.InvalidRequest, Requests.UserIdMessage, new() { ["field"] = "userId" });
        }

        var boards = registry.Current;
        var now = clock.GetUtcNow();
        var standings = new List<UserBoardStanding>();
        string? name = null;
        foreach (var board in boards.Boards)
        {
            if (BoardPeriods.At(board, now, boards.SeasonsOf(board.Id)) is { } period
                && await reads.FindAsync(board, period.Key, userId, cancellationToken) is { } found)
            {
                name ??= found.Standing.DisplayName;
                standings.Add(new UserBoardStanding(board.Id, board.Title, period.Key, found.Rank, found.Standing.Score));
            }
        }

        // The flag list is read newest first and bounded; a user's own flags are those among it.
        var theirs = (await flags.ReadFlagsAsync(null, 500, cancellationToken)).Where(f => f.UserId == userId).Take(MaxUserFlags).ToList();
        var profile = new UserProfile(userId, name, await monitor.IsFrozenAsync(userId, cancellationToken), standings, theirs);
        return TypedResults.Json(new Envelope<UserProfile>(true, profile), AdminConsoleJson.Default.EnvelopeUserProfile);
    }

    private static IResult Boards(BoardRegistry registry, TimeProvider clock)
    {
        var boards = registry.Current;
        var now = clock.GetUtcNow();
        var list = boards.Boards.Select(b => new AdminBoard(BoardReply.From(b, BoardPeriods.At(b, now, boards.SeasonsOf(b.Id))),
            [.. boards.SeasonsOf(b.Id).Select(s => new SeasonReply(b.Id, s.Id, s.StartsAt, s.EndsAt))])).ToList();
        return TypedResults.Json(new Envelope<IReadOnlyList<AdminBoard>>(true, list), AdminConsoleJson.Default.EnvelopeIReadOnlyListAdminBoard);
    }
}

/// <summary>This instance's traffic: totals since start and one point per second, oldest first.</summary>
/// <param name="FreezeFlagged">Whether an open or confirmed flag holds the user's credits (Scoreboard:AntiCheat:FreezeFlagged).</param>
public sealed record ConsoleSnapshot(
    string Instance, string Mode, int IntervalSeconds, int HistorySeconds, long AppliedTotal, long RefusedTotal, bool FreezeFlagged,
    IReadOnlyList<StatsPoint> Points);

/// <summary>A user as the console's lookup shows them; the ledger is <c>GET /api/v1/admin/users/{userId}/events</c>.</summary>
/// <param name="Frozen">True when the user's credits are refused pending review.</param>
public sealed record UserProfile(string UserId, string? DisplayName, bool Frozen, IReadOnlyList<UserBoardStanding> Standings, IReadOnlyList<SuspicionFlag> Flags);

public sealed record UserBoardStanding(string Board, string Title, string Period, long Rank, long Score);

public sealed record AdminBoard(BoardReply Board, IReadOnlyList<SeasonReply> Seasons);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(Envelope<ConsoleSnapshot>))]
[JsonSerializable(typeof(Envelope<UserProfile>))]
[JsonSerializable(typeof(Envelope<IReadOnlyList<AdminBoard>>))]
[JsonSerializable(typeof(ReversalRequest))]
internal sealed partial class AdminConsoleJson : JsonSerializerContext;
