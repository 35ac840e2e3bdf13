using Scoreboard.Scoring.Boards;

namespace Scoreboard.UnitTests.Boards;

/// <summary>Which board definitions are accepted, and the code each refusal answers with.</summary>
public sealed class BoardValidationTests
{
    private static readonly BoardDefinition Valid = new("weekly-berlin", "Weekly", ["match_won"], Period: "weekly", TimeZone: "Europe/Berlin");

    [Theory]
    [InlineData("all-time")]
    [InlineData("daily")]
    [InlineData("weekly")]
    [InlineData("monthly")]
    [InlineData("season")]
    [InlineData("cron:*/30 * * * * *")]
    [InlineData("cron:0 9 * * THU")]
    [InlineData("cron:0 0 29 2 *")]
    [InlineData("cron:0 0 L * *")]
    public void Every_period_rule_is_accepted(string period) => Assert.Null(BoardPeriods.Validate(Valid with { Period = period }));

    [Fact]
    public void The_global_board_and_edge_values_are_valid()
    {
        Assert.Null(BoardPeriods.Validate(BoardDefinition.Global));
        Assert.Null(BoardPeriods.Validate(Valid with { Id = new string('a', 64), Title = new string('t', 100), KeepPeriods = 1000 }));
        Assert.Null(BoardPeriods.Validate(Valid with { ActionTypes = ["*"], KeepPeriods = 1, TimeZone = "Etc/GMT+5" }));
        Assert.Null(BoardPeriods.Validate(Valid with { Period = "daily", WeekStart = DayOfWeek.Sunday }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Weekly")]
    [InlineData("a b")]
    [InlineData("a.b")]
    [InlineData("é")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void A_bad_board_id_is_refused(string id) => Assert.Equal("INVALID_BOARD_ID", BoardPeriods.Validate(Valid with { Id = id })?.Code);

    [Fact]
    public void Bad_titles_action_types_and_keep_periods_are_refused()
    {
        var bad = new[]
        {
            Valid with { Title = "" },
            Valid with { Title = "   " },
            Valid with { Title = new string('t', 101) },
            Valid with { ActionTypes = [] },
            Valid with { ActionTypes = ["match_won", ""] },
            Valid with { KeepPeriods = 0 },
            Valid with { KeepPeriods = 1001 },
            Valid with { Operator = (BoardOperator)7 },
        };
        Assert.All(bad, board => Assert.Equal("INVALID_BOARD", BoardPeriods.Validate(board)?.Code));
    }

    [Theory]
    [InlineData("hourly")]
    [InlineData("Daily")]
    [InlineData("")]
    [InlineData("cron:")]
    [InlineData("cron:* * * *")]
    [InlineData("cron:* * * * * * *")]
    [InlineData("cron:61 * * * *")]
    [InlineData("cron:0 0 30 2 *")]
    [InlineData("cron:H * * * *")]
    [InlineData("cron:@daily")]
    [InlineData("cron:0\t* * * *")]
    public void An_unknown_rule_or_malformed_cron_is_refused(string period) =>
        Assert.Equal("INVALID_PERIOD_RULE", BoardPeriods.Validate(Valid with { Period = period })?.Code);

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("europe/berlin")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/localtime")]
    [InlineData("")]
    public void An_unknown_time_zone_is_refused(string zone) =>
        Assert.Equal("INVALID_TIME_ZONE", BoardPeriods.Validate(Valid with { TimeZone = zone })?.Code);
}
