using Scoreboard.ApiDocs;
using Scoreboard.Dialects;
using Scoreboard.Ranking;
using Scoreboard.Ranking.Redis;
using Scoreboard.Replies;
using Scoreboard.Scoring;

namespace Scoreboard.Privacy;

/// <summary>Data-subject requests on the admin API (its key check, its <c>{success, data}</c> envelope): export and erasure.</summary>
public static partial class PrivacyApi
{
    public static RouteGroupBuilder MapPrivacy(this RouteGroupBuilder admin)
    {
        admin.MapGet("/users/{userId}/export", ExportAsync)
            .WithSummary("Everything held about a user: display name, standings on every board and period, ledger events, flags, tickets, metadata")
            .Produces<Envelope<UserExport>>().Fails(Failure.InvalidRequest, Failure.UserNotFound);
        admin.MapDelete("/users/{userId}", EraseAsync)
            .WithSummary("Erase a user: off every board; ledger rows pseudonymised (totals of everyone else unchanged); the erasure recorded. Repeating it is harmless")
            .Produces<Envelope<ErasureResult>>().Fails(Failure.InvalidRequest, Failure.UserNotFound, Failure.StoreUnavailable);
        return admin;
    }

    private static async Task<IResult> ExportAsync(string userId, PrivacyStore store, IRankIndex index, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage);
        }

        if (await store.ReadAsync(userId, clock.GetUtcNow(), cancellationToken) is not { } export)
        {
            return Error(Failure.UserNotFound, $"Nothing is held about user '{userId}'.");
        }

        if (export.Global is { } global && await index.FindAsync(userId, cancellationToken) is { } ranked)
        {
            export = export with { Global = global with { Rank = ranked.Rank } };
        }

        return TypedResults.Json(new Envelope<UserExport>(true, export), PrivacyJson.Default.EnvelopeUserExport);
    }

    private static async Task<IResult> EraseAsync(string userId, UserErasure erasure, ILogger<UserErasure> logger, CancellationToken cancellationToken)
    {
        if (!Ids.IsValidUserId(userId))
        {
            return Error(Failure.InvalidRequest, Requests.UserIdMessage);
        }

        ErasureResult? result;
        try
        {
            result = await erasure.EraseAsync(userId, "admin", cancellationToken);
        }
        catch (Exception ex) when (FallbackRankIndex.IsRedisFailure(ex))
        {
            // The store's transaction committed; only the shared ranking is behind. The same request finishes it.
            return Error(Failure.StoreUnavailable, "The user's data is erased, but the rankings could not be updated; repeat the request.");
        }

        if (result is null)
        {
            return Error(Failure.UserNotFound, $"Nothing is held about user '{userId}'.");
        }

        Erased(logger, result.Pseudonym, result.EventsPseudonymised, result.AlreadyErased);
        return TypedResults.Json(new Envelope<ErasureResult>(true, result), PrivacyJson.Default.EnvelopeErasureResult);
    }

    private static IResult Error(Failure failure, string message) =>
        ApiErrors.Result(Dialect.Seed002, failure, message, new() { ["field"] = "userId" });

    [LoggerMessage(1302, LogLevel.Information, "User erased as {Pseudonym}: {Events} ledger events pseudonymised (already erased: {AlreadyErased})")]
    private static partial void Erased(ILogger logger, string pseudonym, long events, bool alreadyErased);
}
