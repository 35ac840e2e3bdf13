namespace Scoreboard.Live.Transports;

/// <summary>
/// The <c>Origin</c> rule for live connections. Browsers always send <c>Origin</c> on WebSocket upgrades, and
/// nothing else stops another site's page from opening one with the visitor's cookies.
/// </summary>
internal static class LiveOrigins
{
    public static bool Allows(HttpRequest request, string allowedOrigins)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        var allowed = allowedOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (allowed.Contains("*"))
        {
            return true;
        }

        if (allowed.Any(a => string.Equals(a.TrimEnd('/'), origin, StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // Same origin: the page this server itself serves.
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)
            && string.Equals(uri.Scheme, request.Scheme == "https" ? "https" : "http", StringComparison.OrdinalIgnoreCase);
    }
}
