using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Boards;

/// <summary>Each bad input gets a 4xx with a code, and the ledger and the boards stay as they were.</summary>
[Collection(BoardsCollection.Name)]
public sealed class BoardInputTests(BoardsFixture fixture)
{
    private readonly HttpClient _service = fixture.Server.CreateServiceClient();
    private readonly HttpClient _reader = fixture.Server.CreateClient();

    [Theory]
    [InlineData("/api/v1/boards/Not_A_Board!/top", 400, "INVALID_BOARD")]
    [InlineData("/api/v1/boards/no-such-board/top", 404, "BOARD_NOT_FOUND")]
    [InlineData("/api/v1/boards/no-such-board", 404, "BOARD_NOT_FOUND")]
    [InlineData("/api/v1/boards/levels/top?period=2026-13", 400, "INVALID_PERIOD")]
    [InlineData("/api/v1/boards/levels/top?period=previous", 400, "INVALID_PERIOD")]
    [InlineData("/api/v1/boards/levels/top?limit=101", 400, "INVALID_REQUEST")]
    [InlineData("/api/v1/boards/levels/top?offset=1000001", 400, "INVALID_REQUEST")]
    [InlineData("/api/v1/boards/levels/users/nobody_at_all", 404, "USER_NOT_FOUND")]
    [InlineData("/api/v1/boards/levels/users/nobody_at_all/around?radius=51", 400, "INVALID_REQUEST")]
    public async Task Bad_reads_answer_with_a_code(string path, int status, string code)
    {
        var (got, body) = await _reader.GetJsonAsync(path);
        Assert.Equal((status, code), (got, (string?)body["error"]!["code"]));
    }

    [Fact]
    public async Task More_than_a_hundred_user_ids_or_none_are_refused()
    {
        var (tooMany, body) = await _reader.PostAsync("/api/v1/boards/levels/ranks", new { userIds = Enumerable.Range(0, 101).Select(i => $"u{i}") });
        Assert.Equal((400, "INVALID_REQUEST"), (tooMany, (string?)body["error"]!["code"]));
        var (none, _) = await _reader.PostAsync("/api/v1/boards/levels/ranks", new { userIds = Array.Empty<string>() });
        Assert.Equal(400, none);
    }

    [Theory]
    [InlineData("metadata-too-big")]
    [InlineData("metadata-not-object")]
    [InlineData("value-on-fixed-type")]
    [InlineData("value-over-max")]
    [InlineData("value-zero")]
    [InlineData("unknown-type")]
    [InlineData("type-wrong-json-type")]
    public async Task Bad_credits_are_refused_and_change_nothing(string kind)
    {
        var user = Json.NewId("bad");
        var action = Json.NewId("a");
        object body = kind switch
        {
            "metadata-too-big" => new { userId = user, actionId = action, actionType = "LEVEL_UP", value = 5, metadata = new { blob = new string('x', 1_020) } },
            "metadata-not-object" => new { userId = user, actionId = action, actionType = "LEVEL_UP", value = 5, metadata = new[] { 1 } },
            "value-on-fixed-type" => new { userId = user, actionId = action, value = 10 },
            "value-over-max" => new { userId = user, actionId = action, actionType = "LEVEL_UP", value = 101 },
            "value-zero" => new { userId = user, actionId = action, actionType = "LEVEL_UP", value = 0 },
            "unknown-type" => new { userId = user, actionId = action, actionType = "NO_SUCH_TYPE", value = 5 },
            _ => (object)new { userId = user, actionId = action, actionType = 5 },
        };
        var eventsBefore = (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count;

        var (status, reply) = await _service.PostAsync("/scores/increment", body);

        Assert.InRange(status, 400, 422);
        Assert.False(string.IsNullOrEmpty((string?)reply["error"]!["code"]));
        Assert.Equal(eventsBefore, (await Ledger.EventsAsync(fixture.Server.DatabasePath)).Count);
        foreach (var board in BoardsFixture.Boards)
        {
            Assert.DoesNotContain(await BoardsFixture.EntriesAsync(_reader, board.Id), e => e.User == user);
        }
    }
}
