using Microsoft.Extensions.Options;
using Scoreboard.Replies;
using Scoreboard.Scoring;
using Scoreboard.Security.Limits;
using Scoreboard.Security.Signing;
using Scoreboard.Security.Tokens;
using Scoreboard.ApiDocs;

namespace Scoreboard.Dialects;

/// <summary>The demo-only token endpoint, and a user's own signing key in per-user signing mode.</summary>
public static class UserTokensApi
{
    public static RouteGroupBuilder MapUserTokens(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithDialect(Dialect.Seed002).WithTags("User tokens");
        group.MapPost("/demo/token", MintAsync).WithDemoLimit(Dialect.Seed002)
            .WithSummary("A token for a new guest user (demo only)").WithDescription("Answers 404 unless demo tokens are on (no JWT_SECRET or JWKS configured). The body is optional.")
            .Reads<DemoTokenRequest>().Produces<Envelope<DemoTokenData>>().Fails(Failure.NotFound);
        group.MapGet("/signing/key", SigningKey).RequireAuthorization(UserTokens.UserPolicy)
            .WithSummary("The caller's own signing key (per-user signing mode)").Produces<Envelope<SigningKeyData>>().Fails(Failure.NotFound);
        return group;
    }

    private static async Task<IResult> MintAsync(HttpContext context, TokenMinter minter, IOptions<UserTokenOptions> options)
    {
        if (!options.Value.DemoTokensEnabled || !minter.CanMint)
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.NotFound, "Demo tokens are off: this board takes tokens from its identity provider.");
        }

        string? name = null;
        if (context.Request.ContentLength is > 0 || context.Request.HasJsonContentType())
        {
            var body = await JsonBody.ReadAsync(context.Request, UserApiJson.Default.DemoTokenRequest, context.RequestAborted);
            if (body.Value is not { } request)
            {
                return ApiErrors.Result(Dialect.Seed002, body.Failure!.Value, body.Message);
            }

            if (request.Name is not null && !Ids.IsValidDisplayName(request.Name))
            {
                return ApiErrors.Result(Dialect.Seed002, Failure.InvalidRequest, $"'name' is 1–{Ids.MaxDisplayNameLength} printable characters.",
                    new() { ["field"] = "name" });
            }

            name = Ids.DisplayName(request.Name);
        }

        var token = minter.MintGuest(name);
        return TypedResults.Json(
            new Envelope<DemoTokenData>(true, new(token.Token, token.UserId, token.Name, token.ExpiresAt,
                "Demo only: a token for a new guest user. Configure JWT_SECRET or a JWKS to turn this off.")),
            UserApiJson.Default.EnvelopeDemoTokenData);
    }

    private static IResult SigningKey(HttpContext context, SigningKeys keys)
    {
        if (keys.Mode != SigningMode.PerUser)
        {
            return ApiErrors.Result(Dialect.Seed002, Failure.NotFound, "This board signs with a shared secret; there are no per-user keys.");
        }

        var user = UserTokens.UserOf(context.User).UserId;
        return TypedResults.Json(new Envelope<SigningKeyData>(true, new(user, keys.KeyFor(user), "per-user")), UserApiJson.Default.EnvelopeSigningKeyData);
    }
}
