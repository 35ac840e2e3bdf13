using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Scoreboard.Web;

/// <summary>What a deployment on the web needs: CORS for the REST endpoints, TLS and HSTS by configuration.</summary>
public static class WebSetup
{
    public static WebApplicationBuilder AddWebDeployment(this WebApplicationBuilder builder)
    {
        builder.AddRuntimeSettingsFile();
        var services = builder.Services;
        services.AddOptions<CorsSettings>().BindConfiguration(CorsSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CorsSettings>>(new SettingsCheck<CorsSettings>(CorsSettings.Check));
        // Registered before AddCors, whose default provider is only added when none is.
        services.AddSingleton<ICorsPolicyProvider, RestCorsPolicy>();
        services.AddCors();

        var tls = builder.Configuration.GetSection(TlsSettings.Section).Get<TlsSettings>() ?? new TlsSettings();
        if (TlsSettings.Check(tls) is { } problem)
        {
            throw new ScoreboardConfigurationException(problem);
        }

        services.AddSingleton(tls);
        if (tls.Enabled)
        {
            var certificate = tls.Load();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
            {
                https.ServerCertificate = certificate;
                https.SslProtocols = tls.Protocols;
            }));

            // Every address serves HTTPS, including PORT's default http://+:3000, so nothing is left in clear text.
            if (builder.Configuration["urls"] is { Length: > 0 } urls)
            {
                builder.WebHost.UseUrls(urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(url => url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + url["http://".Length..] : url)
                    .ToArray());
            }

            services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        }

        return builder;
    }

    /// <summary>Before authentication, so a preflight (which carries no credentials) is answered rather than refused.</summary>
    public static IApplicationBuilder UseWebDeployment(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<TlsSettings>().Enabled)
        {
            // Browsers then refuse plain HTTP to this host for a year (localhost excepted, so development is not pinned).
            app.UseHsts();
        }

        app.UseCors();
        return app;
    }
}
