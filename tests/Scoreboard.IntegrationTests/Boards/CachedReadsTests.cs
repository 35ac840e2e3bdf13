using System.Diagnostics;
using System.Net.Http.Headers;
using Scoreboard.IntegrationTests.Infrastructure;
using Scoreboard.IntegrationTests.Live;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>Visible windows are served from serialized bytes: ETag and 304, Cache-Control, and 002's cacheHit.</summary>
[Collection(LiveBoardsCollection.Name)]
public sealed class CachedReadsTests(LiveBoardsFixture boards)
{
    // The server's live window (the default): a cached read reflects a credit committed this long plus 50 ms before.
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private HttpClient Reader => boards.Server.Client;

    [Fact]
    public async Task An_ETag_round_trip_answers_304_until_the_board_changes()
    {
        await boards.CreditNewUserAsync("TASK_COMPLETE", 10, "etag");
        using var first = await Reader.GetAsync("/scoreboard/top?boardId=tasks&limit=7");
        Assert.Equal(200, (int)first.StatusCode);
        var etag = first.Headers.ETag!;
        Assert.Contains("tasks", etag.Tag, StringComparison.Ordinal);

        using (var again = await RevalidateAsync("/scoreboard/top?boardId=tasks&limit=7", etag))
        {
            Assert.Equal(304, (int)again.StatusCode);
            Assert.Equal(etag, again.Headers.ETag);
        }

        await boards.CreditNewUserAsync("TASK_COMPLETE", 49, "etag");
        using var changed = await RevalidateAsync("/scoreboard/top?boardId=tasks&limit=7", etag);
        Assert.Equal(200, (int)changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
    }

    [Fact]
    public async Task CacheHit_is_false_for_the_read_that_filled_the_cache_then_true()
    {
        // A limit no other test reads, so the first read of it is certainly a miss.
        var path = "/api/v1/scores/leaderboard?board=tasks&limit=" + Random.Shared.Next(60, 99);
        await boards.CreditNewUserAsync("TASK_COMPLETE", 11, "hit");

        Assert.False((bool)(await Reader.GetJsonAsync(path)).Body["data"]!["cacheHit"]!);
        Assert.True((bool)(await Reader.GetJsonAsync(path)).Body["data"]!["cacheHit"]!);

        // A credit on the board makes the next read a miss again; a page past offset 0 is never from the cache.
        await boards.CreditNewUserAsync("TASK_COMPLETE", 12, "hit");
        Assert.False((bool)(await Reader.GetJsonAsync(path)).Body["data"]!["cacheHit"]!);
        Assert.False((bool)(await Reader.GetJsonAsync(path + "&offset=1")).Body["data"]!["cacheHit"]!);
    }

    [Fact]
    public async Task Public_reads_are_public_for_the_window_and_the_signed_in_leaderboard_private()
    {
        using var open = await Reader.GetAsync("/leaderboard?board=levels");
        Assert.Equal(["max-age=1", "public"], CacheControl(open));

        using var client = boards.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", LiveServerFixture.Token(Json.NewId("reader")));
        using var signedIn = await client.GetAsync("/api/v1/leaderboard?board=levels");
        Assert.Equal(200, (int)signedIn.StatusCode);
        Assert.Equal(["max-age=1", "private"], CacheControl(signedIn));
    }

    [Fact]
    public async Task A_credit_is_in_every_cached_read_soon_after_it_committed()
    {
        var paths = new[] { "/scoreboard/top?boardId=levels&limit=50", "/leaderboard?board=levels&limit=100", "/api/v1/scores/leaderboard?board=levels&limit=100" };
        foreach (var path in paths)
        {
            await Reader.GetAsync(path);
        }

        var user = await boards.CreditNewUserAsync("LEVEL_UP", 100, "fresh");
        var committed = Stopwatch.StartNew();
        foreach (var path in paths)
        {
            // Window + 50 ms is the promise; the poll allows a slow shared machine far more, and reports what it took.
            await Waiting.UntilAsync(async () => (await Reader.GetStringAsync(path)).Contains(user, StringComparison.Ordinal),
                Window + TimeSpan.FromMilliseconds(50) + TimeSpan.FromSeconds(3), $"{user} in {path}");
        }

        Assert.True(committed.Elapsed < TimeSpan.FromSeconds(5), $"took {committed.Elapsed}");
    }

    /// <summary>The header's directives, sorted (HttpClient's parsed form reorders them).</summary>
    private static string[] CacheControl(HttpResponseMessage response) =>
        [.. response.Headers.NonValidated["Cache-Control"].SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).Order(StringComparer.Ordinal)];

    private Task<HttpResponseMessage> RevalidateAsync(string path, EntityTagHeaderValue etag)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.IfNoneMatch.Add(etag);
        return Reader.SendAsync(request);
    }
}
