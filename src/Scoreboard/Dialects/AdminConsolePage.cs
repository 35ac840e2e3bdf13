namespace Scoreboard.Dialects;

/// <summary>
/// The admin console's shell at <c>/admin</c>: static markup with no data in it (every datum is fetched from the admin
/// API with the key the operator types), served with a policy that allows only this origin's own script and styles and
/// no framing. Its script and styles are static files under <c>/admin/</c>.
/// </summary>
public static class AdminConsolePage
{
    /// <summary>Kept outside the static files' namespace, so the shell is only ever served with the headers below.</summary>
    public const string ShellResource = "Scoreboard.AdminConsole.index.html";

    public const string Policy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
        + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The console's charts: this instance's instruments, sampled every second.</summary>
    public static IServiceCollection AddAdminConsole(this IServiceCollection services)
    {
        services.AddSingleton<Diagnostics.ConsoleStats>();
        services.AddHostedService(sp => sp.GetRequiredService<Diagnostics.ConsoleStats>());
        return services;
    }

    public static void MapAdminConsolePage(this IEndpointRouteBuilder app)
    {
        var shell = Load();
        app.MapMethods("/admin", [HttpMethods.Get, HttpMethods.Head], (HttpContext context) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = Policy;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            return TypedResults.Bytes(shell, "text/html; charset=utf-8");
        }).WithTags("Admin").WithSummary("The admin console (the page only; it signs in with the admin key and reads the admin API)")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");
    }

    private static byte[] Load()
    {
        using var stream = typeof(AdminConsolePage).Assembly.GetManifestResourceStream(ShellResource)
            ?? throw new InvalidOperationException($"{ShellResource} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
