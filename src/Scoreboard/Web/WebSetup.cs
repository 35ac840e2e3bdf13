using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Scoreboard.Web;

/// <summary>What a deployment on the web needs: CORS for the REST endpoints, TLS and HSTS by configuration.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddWebDeployment(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorsSettings>>(new SettingsCheck<CorsSettings>(CorsSettings.Check));
        // Registered before AddCors, whose default provider is only added when none is.
        services.AddSingleton<ICorsPolicyProvider, RestCorsPolicy>();
        services.AddCors();
        return builder;
    }

    /// <summary>Before authentication, so a preflight (which carries no credentials) is answered rather than refused.</summary>
    public static WebApplication UseWebDeployment(this WebApplication app)
    {
        app.UseCors();
        return app;
    }
}
