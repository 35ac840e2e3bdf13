using Scoreboard.Replies;
using System.Text.Json;
using System.Text.Json.Serialization;
using Scoreboard.Dialects;
using Scoreboard.Storage;

namespace Scoreboard.Privacy;

/// <summary>Everything the store holds about one user (a data-subject export); <see cref="Global"/>'s rank comes from the live index.</summary>
public sealed record UserExport(
    string UserId,
    string? DisplayName,
    DateTimeOffset? FirstSeenAt,
    ExportedStanding? Global,
    IReadOnlyList<ExportedBoardStanding> Boards,
    IReadOnlyList<ExportedEvent> Events,
    IReadOnlyList<SuspicionFlag> Flags,
    IReadOnlyList<ExportedTicket> Tickets,
    JsonElement? Metadata,
    DateTimeOffset? MetadataUpdatedAt,
    DateTimeOffset ExportedAt);

public sealed record ExportedStanding(long Score, long? Rank, long ActionCount, long ReachedAtEvent, DateTimeOffset UpdatedAt);

public sealed record ExportedBoardStanding(string BoardId, string Period, long Score, long ActionCount, long ReachedAtEvent, DateTimeOffset UpdatedAt);

/// <summary>One ledger row of the user, every column (the IP address and user agent until retention removes them).</summary>
public sealed record ExportedEvent(
    long Id, string CallerScope, string ActionId, string ActionType, long Points, long ScoreBefore, long ScoreAfter, string? Reason,
    string Source, string Caller, string? Ip, string? UserAgent, string? RequestHash, DateTimeOffset CreatedAt, long? ReversesEventId);

/// <summary>A completed action ticket: nothing is kept per ticket but the credit whose action id it became.</summary>
public sealed record ExportedTicket(string Ticket, string ActionType, long EventId, DateTimeOffset CompletedAt);

/// <summary>What an erasure did. The user id is not in it: only the pseudonym the ledger rows now carry.</summary>
public sealed record ErasureResult(
    string Pseudonym, DateTimeOffset ErasedAt, long EventsPseudonymised, long StandingsRemoved, long FlagsRemoved, bool MetadataRemoved, bool AlreadyErased);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, Converters = [typeof(UtcTimestampConverter)])]
[JsonSerializable(typeof(UserExport))]
[JsonSerializable(typeof(Envelope<UserExport>))]
[JsonSerializable(typeof(Envelope<ErasureResult>))]
internal sealed partial class PrivacyJson : JsonSerializerContext;
