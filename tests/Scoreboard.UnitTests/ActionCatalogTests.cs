using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

public sealed class ActionCatalogTests
{
    private readonly ActionCatalog _catalog = new(ActionCatalog.Defaults());

    [Fact]
    public void Fixed_type_is_worth_its_points_whatever_the_caller_would_like()
    {
        Assert.Equal((10, PointsRefusal.None), _catalog.Resolve("ACTION_COMPLETED", null));
        Assert.Equal((10, PointsRefusal.None), _catalog.Resolve("ACTION_COMPLETED", 10));
        Assert.Equal(PointsRefusal.PointsOutOfRange, _catalog.Resolve("ACTION_COMPLETED", 11).Refusal);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(50, 50)]
    public void Increment_within_max_points_is_taken_as_sent(long requested, long expected) =>
        Assert.Equal((expected, PointsRefusal.None), _catalog.Resolve("TASK_COMPLETE", requested));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(51)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Increment_outside_one_to_max_points_is_refused(long requested) =>
        Assert.Equal(PointsRefusal.PointsOutOfRange, _catalog.Resolve("TASK_COMPLETE", requested).Refusal);

    [Fact]
    public void Max_points_type_without_an_increment_is_worth_its_maximum() =>
        Assert.Equal((100, PointsRefusal.None), _catalog.Resolve("LEVEL_UP", null));

    [Theory]
    [InlineData("NOPE")]
    [InlineData("task_complete")]
    [InlineData("")]
    public void Unknown_action_type_is_refused(string type) =>
        Assert.Equal(PointsRefusal.UnknownActionType, _catalog.Resolve(type, null).Refusal);

    [Fact]
    public void Defaults_carry_the_documents_types()
    {
        var defaults = ActionCatalog.Defaults();
        Assert.Equal(50, defaults["TASK_COMPLETE"].MaxPoints);
        Assert.Equal(5_000, defaults["TASK_COMPLETE"].MinIntervalMs);
        Assert.Equal(100, defaults["LEVEL_UP"].MaxPoints);
        Assert.Equal(30_000, defaults["LEVEL_UP"].MinIntervalMs);
        Assert.Equal(200, defaults["ACHIEVEMENT"].MaxPoints);
        Assert.Equal(10, defaults[ActionCatalog.DefaultType].Points);
    }
}
