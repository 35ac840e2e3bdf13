using Microsoft.OpenApi;

namespace Scoreboard.ApiDocs;

/// <summary>The document's front matter: title, the prose on errors and live channels, tag descriptions, server.</summary>
internal static class ApiInfo
{
    private static readonly Dictionary<string, string> TagDescriptions = new(StringComparer.Ordinal)
    {
        ["Seed 000"] = "Seed 000: signed user credits, the user-token leaderboard and its WebSocket.",
        ["Seed 001"] = "Seed 001: service-key credits by action type with Idempotency-Key, the public leaderboard and its SSE stream.",
        ["Seed 002"] = "Seed 002: leaderboard pages, a user's score, rank and neighbours, signed user credits, Socket.IO and polling.",
        ["Seed 003"] = "Seed 003: signed user credits (a reused actionId is 409) and the public:leaderboard channel.",
        ["Seed 004"] = "Seed 004: service-to-service increments, the top-N board and its WebSocket.",
        ["Admin"] = "Review of anomaly flags, a user's ledger and reversal of credits; needs X-ADMIN-KEY.",
        ["Action tickets"] = "Server-issued tickets: start an action, complete it no sooner than its minimum duration.",
        ["User tokens"] = "Demo tokens for guest users, and a user's own signing key in per-user signing mode.",
        ["Demo"] = "The embedded demo's play-as-a-user control; present only where the demo is switched on.",
        ["Health"] = "Seed 002's health check: each dependency by name.",
    };

    private static readonly Lazy<string> Description = new(() =>
    {
        using var stream = typeof(ApiInfo).Assembly.GetManifestResourceStream("Scoreboard.ApiDocs.api.md")
            ?? throw new InvalidOperationException("The API description is not embedded.");
        return new StreamReader(stream).ReadToEnd();
    });

    public static void Describe(OpenApiDocument document)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Scoreboard API",
            Version = "v1",
            Description = Description.Value,
            // No licence is granted for this service; the SPDX reference says so rather than naming an open licence.
            License = new OpenApiLicense { Name = "All rights reserved", Identifier = "LicenseRef-Scoreboard-All-Rights-Reserved" },
        };

        // Relative: the document and the try-it page work through any host name, port or proxy that serves them.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This server" }];

        var used = document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? [])
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>())
            .Select(t => t.Name!)
            .ToHashSet(StringComparer.Ordinal);
        document.Tags = used.Order(StringComparer.Ordinal)
            .Select(name => new OpenApiTag
            {
                Name = name,
                Description = TagDescriptions.GetValueOrDefault(name) ?? $"Endpoints of the {name} feature.",
            })
            .ToHashSet();
    }
}
