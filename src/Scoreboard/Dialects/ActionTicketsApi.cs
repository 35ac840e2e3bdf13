using Scoreboard.Crediting;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.Tickets;
using Scoreboard.Security.Tokens;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>
/// Action tickets, beyond the documents: start an action, then complete it with the ticket, no sooner than the
/// type's minimum duration. Replies in 002's envelope, as the rest of <c>/api/v1</c>.
/// </summary>
public static class ActionTicketsApi
{
    public static RouteGroupBuilder MapActionTickets(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/actions").WithDialect(Dialect.Seed002).WithTags("Action tickets")
            .RequireAuthorization(UserTokens.CreditPolicy);
        group.MapPost("/{type}/start", Start)
            .WithSummary("Start an action: a single-use ticket for it").Produces<Envelope<TicketData>>().Fails(Failure.UnknownActionType);
        group.MapPost("/complete", CompleteAsync)
            .WithMetadata(CreditEndpoint.Instance)
            .WithSummary("Complete an action with its ticket").Reads<CompleteRequest>().Produces<Envelope<Seed002UpdateData>>()
            .Fails(UserCredits.Failures)
            .Example(new CompleteRequest("tk_…", null), new Envelope<Seed002UpdateData>(true, new("user-123", 130, 120, 1, EndpointDocs.ExampleTime)));
        return group;
    }

    private static IResult Start(string type, HttpContext context, ActionTickets tickets, ActionCatalog catalog)
    {
        if (!Ids.IsValidActionType(type) || catalog.Find(type) is null)
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.UnknownActionType, $"Action type '{(Ids.IsValidActionType(type) ? type : "?")}' is not in the catalog.");
        }

        var issued = tickets.Issue(UserTokens.UserOf(context.User).UserId, type);
        return TypedResults.Json(
            new Envelope<TicketData>(true, new(issued.Ticket, issued.ActionType, issued.IssuedAt, issued.NotBefore, issued.ExpiresAt)),
            UserApiJson.Default.EnvelopeTicketData);
    }

    private static async Task<IResult> CompleteAsync(HttpContext context, UserCredits credits)
    {
        var body = await JsonBody.ReadAsync(context.Request, UserApiJson.Default.CompleteRequest, context.RequestAborted);
        if (body.Value is not { } request)
        {
            return ApiErrors.Result(Dialect.Seed002, body.Failure!.Value, body.Message);
        }

        var user = UserTokens.UserOf(context.User);
        if (!ActionTickets.LooksLikeTicket(request.Ticket) || !Ids.IsValidActionId(request.Ticket))
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.InvalidTicket, "'ticket' must be a ticket from POST /api/v1/actions/{type}/start.",
                new() { ["field"] = "ticket" });
        }

        // The ticket is server-signed and bound to this user: it needs no client signature.
        var (applied, error) = await credits.CreditAsync(context, new(Dialect.Seed002, user, request.Ticket!, null, request.Points, "ticket"));
        return error ?? Seed002Credits.Reply(applied!);
    }
}
