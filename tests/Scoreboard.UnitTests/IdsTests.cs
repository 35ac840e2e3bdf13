using Scoreboard.Scoring;

namespace Scoreboard.UnitTests;

public sealed class IdsTests
{
    [Theory]
    [InlineData("user_123")]
    [InlineData("550e8400-e29b-41d4-a716-446655440000")]
    [InlineData("alice@example.org")]
    [InlineData("tenant:42.player-7")]
    public void User_ids_of_the_documents_are_accepted(string id) => Assert.True(Ids.IsValidUserId(id));

    [Theory]
    [InlineData("")]
    [InlineData(" user")]
    [InlineData("user 1")]
    [InlineData("user\n1")]
    [InlineData("user\u00001")]
    [InlineData("'; DROP TABLE users; --")]
    [InlineData("<script>")]
    [InlineData("usér")]
    public void User_ids_with_other_characters_are_refused(string id) => Assert.False(Ids.IsValidUserId(id));

    [Fact]
    public void User_ids_longer_than_the_limit_are_refused()
    {
        Assert.True(Ids.IsValidUserId(new string('a', Ids.MaxUserIdLength)));
        Assert.False(Ids.IsValidUserId(new string('a', Ids.MaxUserIdLength + 1)));
    }

    [Theory]
    [InlineData("Alice")]
    [InlineData("Zoë <b>bold</b> & co")]
    [InlineData("名前")]
    [InlineData("🎮 gamer")]
    public void Display_names_may_be_any_printable_text(string name) => Assert.True(Ids.IsValidDisplayName(name));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" padded")]
    [InlineData("tab\there")]
    [InlineData("bell\u0007")]
    [InlineData("lone \ud800 surrogate")]
    public void Display_names_with_control_characters_or_blanks_are_refused(string name) => Assert.False(Ids.IsValidDisplayName(name));
}
