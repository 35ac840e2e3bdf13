using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Scoreboard.Security;
using Scoreboard.Security.Tokens;

namespace Scoreboard.ApiDocs;

/// <summary>What a caller must present, from weakest to strongest.</summary>
internal enum Access
{
    Public,
    OptionalBearer,
    Bearer,
    ApiKey,
    AdminKey,
}

/// <summary>
/// Reads an endpoint's access from its authorization metadata (the policy's authentication schemes), so the document's
/// security requirements follow the code. The admin area is guarded by an endpoint filter, which leaves no metadata,
/// so it is known by its path.
/// </summary>
internal sealed class EndpointAccess(IAuthorizationPolicyProvider policies, IOptions<UserTokenOptions> tokens)
{
    public const string AdminArea = "/api/v1/admin/";
    public const string Bearer = "Bearer";
    public const string ApiKey = "ApiKey";
    public const string AdminKey = "AdminKey";

    public async Task<Access> OfAsync(RouteEndpoint endpoint)
    {
        if ((endpoint.RoutePattern.RawText ?? "").StartsWith(AdminArea, StringComparison.OrdinalIgnoreCase))
        {
            return Access.AdminKey;
        }

        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return Access.Public;
        }

        var access = Access.Public;
        foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
        {
            if (data.Policy == UserTokens.BoardReadPolicy)
            {
                // Public reads unless the board requires a token for them; the document says what this server does.
                access = Max(access, tokens.Value.RequireForReads ? Access.Bearer : Access.OptionalBearer);
                continue;
            }

            var policy = data.Policy is null ? await policies.GetDefaultPolicyAsync() : await policies.GetPolicyAsync(data.Policy);
            var schemes = (policy?.AuthenticationSchemes ?? []).Concat((data.AuthenticationSchemes ?? "").Split(','));
            access = Max(access, schemes.Contains(ServiceKeyAuthentication.SchemeName) ? Access.ApiKey : Access.Bearer);
        }

        return access;
    }

    public static void AddSchemes(OpenApiDocument document)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[Bearer] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A user token: HS256 with JWT_SECRET, or RS256/ES256 from the configured JWKS. Live channels also take it as ?access_token=.",
        };
        document.Components.SecuritySchemes[ApiKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-API-KEY",
            Description = "A service key (SCOREBOARD_API_KEY or Scoreboard:ServiceKeys), for backends.",
        };
        document.Components.SecuritySchemes[AdminKey] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-ADMIN-KEY",
            Description = "The admin key (SCOREBOARD_ADMIN_KEY); without one configured the admin endpoints refuse everyone.",
        };

        // Public unless an operation says otherwise: an empty requirement is "no credentials".
        document.Security = [new OpenApiSecurityRequirement()];
    }

    public static List<OpenApiSecurityRequirement>? Requirements(Access access, OpenApiDocument document) => access switch
    {
        Access.Public => null,
        Access.OptionalBearer => [new OpenApiSecurityRequirement(), Requirement(Bearer, document)],
        Access.Bearer => [Requirement(Bearer, document)],
        Access.ApiKey => [Requirement(ApiKey, document)],
        _ => [Requirement(AdminKey, document)],
    };

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    private static Access Max(Access a, Access b) => a > b ? a : b;
}
