using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using Scoreboard.Replies;
using Scoreboard.Scoring;

namespace Scoreboard.Security.Tokens;

/// <summary>The user calling with <c>Authorization: Bearer</c>: the token's subject and the name to show.</summary>
public sealed record TokenUser(string UserId, string? DisplayName);

/// <summary>User tokens through ASP.NET Core's JwtBearer handler, and the authorization policies built on them.</summary>
public static class UserTokens
{
    public const string Scheme = JwtBearerDefaults.AuthenticationScheme;

    /// <summary>Any valid user token.</summary>
    public const string UserPolicy = "user";

    /// <summary>A user token that carries the configured permission: required to credit.</summary>
    public const string CreditPolicy = "user-credit";

    /// <summary>
    /// Reads of the board: public, or a user token when <see cref="UserTokenOptions.RequireForReads"/> is set.
    /// Live channels apply this same policy name to their endpoints.
    /// </summary>
    public const string BoardReadPolicy = "board-read";

    private const string UserIdClaim = "scoreboard:user";
    private const string NameClaim = "scoreboard:name";
    private static readonly string[] NameClaims = ["name", "preferred_username", "username"];

    public static IServiceCollection AddUserTokens(this IServiceCollection services)
    {
        services.AddAuthentication().AddJwtBearer(Scheme, _ => { });
        services.AddOptions<JwtBearerOptions>(Scheme).Configure<IOptions<UserTokenOptions>, ServerSecrets>(Configure);
        services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(CreditPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser()
                .RequireAssertion(c => HasRequiredPermission(c.User, Required(c))))
            .AddPolicy(BoardReadPolicy, p => p.AddAuthenticationSchemes(Scheme)
                .RequireAssertion(c => !Options(c).RequireForReads || c.User.FindFirst(UserIdClaim) is not null));
        return services;
    }

    /// <summary>The user of a request that passed one of the user policies.</summary>
    public static TokenUser UserOf(ClaimsPrincipal principal) =>
        new(principal.FindFirst(UserIdClaim)?.Value ?? throw new InvalidOperationException("Not a user token."), principal.FindFirst(NameClaim)?.Value);

    /// <summary>True when the token lists <paramref name="permission"/> in <c>permissions</c>, <c>scope</c> or <c>scp</c>.</summary>
    public static bool HasRequiredPermission(ClaimsPrincipal principal, string? permission) =>
        string.IsNullOrEmpty(permission) || principal.Claims
            .Where(c => c.Type is "permissions" or "scope" or "scp")
            .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Contains(permission, StringComparer.Ordinal);

    private static void Configure(JwtBearerOptions jwt, IOptions<UserTokenOptions> options, ServerSecrets secrets)
    {
        var o = options.Value;
        var keys = new List<SecurityKey>();
        if (secrets.JwtSecret is { } secret)
        {
            keys.Add(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)));
        }

        if (!string.IsNullOrEmpty(o.JwksFile))
        {
            keys.AddRange(new JsonWebKeySet(File.ReadAllText(o.JwksFile)).GetSigningKeys());
        }

        if (!string.IsNullOrEmpty(o.JwksUrl))
        {
            jwt.ConfigurationManager = new ConfigurationManager<OpenIdConnectConfiguration>(
                o.JwksUrl, new JwksRetriever(), new HttpDocumentRetriever { RequireHttps = o.JwksUrl.StartsWith("https:", StringComparison.OrdinalIgnoreCase) });
        }

        // Claims keep their JWT names (sub, name, scope), not the WS-* URIs of the default mapping.
        jwt.MapInboundClaims = false;
        jwt.TokenValidationParameters = new TokenValidationParameters
        {
            ValidAlgorithms = o.EffectiveAlgorithms(secrets.JwtSecret is not null),
            IssuerSigningKeys = keys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromSeconds(o.ClockSkewSeconds),
            ValidateIssuer = !string.IsNullOrEmpty(o.Issuer),
            ValidIssuer = o.Issuer,
            ValidateAudience = !string.IsNullOrEmpty(o.Audience),
            ValidAudience = o.Audience,
            NameClaimType = "name",
        };
        jwt.Events = new JwtBearerEvents
        {
            OnMessageReceived = FromQueryForLiveChannels,
            OnTokenValidated = AddUser,
            OnChallenge = Challenge,
            OnForbidden = c => ApiErrors.WriteAsync(c.HttpContext, Failure.Forbidden, "The user token lacks the permission this needs."),
        };
    }

    /// <summary>
    /// Browsers cannot set headers on a WebSocket or an EventSource, so the live channels (and only they) may carry
    /// the token as <c>?access_token=</c>. Decided by the route, never by what the request says about itself: an
    /// <c>Accept: text/event-stream</c> header must not let a credit endpoint take a token from a URL, where proxies,
    /// browser history and logs keep it.
    /// </summary>
    private static Task FromQueryForLiveChannels(MessageReceivedContext context)
    {
        var request = context.Request;
        if (IsLiveChannel(request) && string.IsNullOrEmpty(request.Headers.Authorization) && request.Query["access_token"] is [{ Length: > 0 } token])
        {
            context.Token = token;
        }

        return Task.CompletedTask;
    }

    // The routes Live/LiveSetup maps as live channels; every credit endpoint is a POST. CONNECT is a WebSocket over HTTP/2.
    private static readonly string[] LiveChannelPaths =
        ["/ws/leaderboard", "/ws/scoreboard", "/leaderboard/stream", "/channels/public:leaderboard", "/socket.io", "/socket.io/"];

    internal static bool IsLiveChannel(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsConnect(request.Method))
        && LiveChannelPaths.Contains(request.Path.Value, StringComparer.OrdinalIgnoreCase);

    private static Task AddUser(TokenValidatedContext context)
    {
        if (!TryAddUser(context.Principal!))
        {
            context.Fail("The token's subject (sub or userId) is missing or not a valid user id.");
        }

        return Task.CompletedTask;
    }

    /// <summary>Adds the user id and display name claims to a validated token's principal; false when its subject is unusable.</summary>
    internal static bool TryAddUser(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst("sub")?.Value ?? principal.FindFirst("userId")?.Value;
        if (!Ids.IsValidUserId(subject))
        {
            return false;
        }

        // A name that is refused is dropped, not the token: the board then shows the user id and the credit goes on.
        var name = NameClaims.Select(n => Ids.DisplayName(principal.FindFirst(n)?.Value)).FirstOrDefault(n => n is not null);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.AddClaim(new Claim(UserIdClaim, subject!));
        if (name is not null)
        {
            identity.AddClaim(new Claim(NameClaim, name));
        }

        return true;
    }

    private static Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var reason = context.AuthenticateFailure switch
        {
            null => "A user token is required: send Authorization: Bearer <JWT>.",
            SecurityTokenExpiredException => "The user token has expired.",
            SecurityTokenNotYetValidException => "The user token is not valid yet.",
            SecurityTokenInvalidIssuerException => "The user token was issued by an issuer this board does not trust.",
            SecurityTokenInvalidAudienceException => "The user token is meant for another audience.",
            SecurityTokenInvalidAlgorithmException => "The user token's signing algorithm is not accepted.",
            SecurityTokenNoExpirationException => "The user token has no expiry (exp).",
            SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "The user token's signature does not verify.",
            _ => "The user token is not valid.",
        };
        return ApiErrors.WriteAsync(context.HttpContext, Failure.Unauthenticated, reason);
    }

    private static UserTokenOptions Options(AuthorizationHandlerContext context) =>
        (context.Resource as HttpContext)?.RequestServices.GetRequiredService<IOptions<UserTokenOptions>>().Value ?? new UserTokenOptions();

    private static string? Required(AuthorizationHandlerContext context) => Options(context).RequiredPermission;
}
