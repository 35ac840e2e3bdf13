using System.Text.Json.Serialization;
using Scoreboard.Crediting;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.Limits;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>
/// The embedded demo's "play as a user": a visitor picks a name and completes the default action as that user.
/// Mapped only when <see cref="Live.LiveOptions.DemoEnabled"/> is set, since anyone may call it.
/// </summary>
public static class DemoApi
{
    public const string Path = "/api/v1/demo/play";

    public static void MapDemo(this IEndpointRouteBuilder app)
    {
        // The page asks this to decide whether to show the control.
        app.MapGet("/api/v1/demo", () => TypedResults.Ok(new DemoInfo(true))).WithTags("Demo")
            .WithSummary("Whether the demo is on").Refuses(404, "NOT_FOUND", "the demo is off (it is then not mapped at all).");
        // Anyone who can reach the port may call it (the demo listens on every interface), hence the demo budget.
        app.MapPost(Path, PlayAsync).WithDialect(Dialect.Seed004).WithTags("Demo").WithDemoLimit(Dialect.Seed004)
            .WithMetadata(CreditEndpoint.Instance)
            .WithSummary("Play as a user: credit the default action to the user of a name")
            .Reads<DemoPlay>().Produces<DemoResult>().Fails(Failure.StoreUnavailable)
            .Example(new DemoPlay("Ada"), new DemoResult("demo_4f1c2a9e7b4d4c1e", "Ada", 20, 10));
    }

    private static async Task<IResult> PlayAsync(HttpContext context, LedgerWriter ledger, ActionCatalog catalog)
    {
        var body = await JsonBody.ReadAsync(context.Request, DemoJson.Default.DemoPlay, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return ApiErrors.Result(Dialect.Seed004, body.Failure!.Value, body.Message);
        }

        if (Ids.DisplayName(request.Name?.Trim()) is not { } name)
        {
            return ApiErrors.Result(Dialect.Seed004, Failure.InvalidRequest, $"'name' is 1–{Ids.MaxDisplayNameLength} printable characters.",
                new() { ["field"] = "name" });
        }

        // One demo user per name, so pressing again raises the same row.
        var userId = "demo_" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name.ToUpperInvariant())))[..16];
        var (points, _) = catalog.Resolve(ActionCatalog.DefaultType, null);
        var credit = new Credit(userId, $"demo:{Guid.CreateVersion7():N}", ActionCatalog.DefaultType, points, "demo", "demo",
            name, "DEMO_PLAY", Requests.Ip(context), Requests.UserAgent(context));
        var outcome = await Credits.TrySubmitAsync(context, ledger, credit);
        return outcome is { Status: CreditStatus.Applied, Standing: { } standing }
            ? TypedResults.Ok(new DemoResult(userId, standing.Name, standing.Score, points))
            : ApiErrors.Result(Dialect.Seed004, Failure.StoreUnavailable, Credits.UnavailableMessage(context));
    }
}

public sealed record DemoPlay(string? Name);

public sealed record DemoInfo(bool Enabled);

public sealed record DemoResult(string UserId, string Name, long Score, long Points);

[JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web, MaxDepth = 8)]
[JsonSerializable(typeof(DemoPlay))]
[JsonSerializable(typeof(DemoResult))]
[JsonSerializable(typeof(DemoInfo))]
internal sealed partial class DemoJson : JsonSerializerContext;
