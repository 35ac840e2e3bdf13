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

    [Theory]
    [InlineData("admin\u202Enimda")]
    [InlineData("\u202Aleft")]
    [InlineData("right\u202B")]
    [InlineData("pop\u202Cx")]
    [InlineData("\u202Doverride")]
    [InlineData("iso\u2066late")]
    [InlineData("iso\u2067late")]
    [InlineData("iso\u2068late")]
    [InlineData("iso\u2069late")]
    [InlineData("Ali\u200Bce")]
    [InlineData("\uFEFFAlice")]
    [InlineData("Alice\u0085")]
    public void Display_names_with_bidi_controls_or_invisible_characters_are_refused(string name)
    {
        Assert.False(Ids.IsValidDisplayName(name));
        Assert.Null(Ids.DisplayName(name));
    }

    [Theory]
    [InlineData("\U0001F468\u200D\U0001F469\u200D\U0001F467")]
    [InlineData("\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645")]
    public void Display_names_keep_zero_width_joiners_that_emoji_and_persian_need(string name) =>
        Assert.Equal(name, Ids.DisplayName(name));

    [Fact]
    public void Display_names_are_normalised_to_nfc_so_one_name_has_one_spelling()
    {
        var decomposed = "Zoe\u0308";
        Assert.True(Ids.IsValidDisplayName(decomposed));
        Assert.Equal("Zo\u00EB", Ids.DisplayName(decomposed));
        Assert.Equal(Ids.DisplayName("Zo\u00EB"), Ids.DisplayName(decomposed));
    }

    [Fact]
    public void The_length_limit_applies_to_the_normalised_name()
    {
        Assert.Equal(Ids.MaxDisplayNameLength, Ids.DisplayName(string.Concat(Enumerable.Repeat("e\u0301", Ids.MaxDisplayNameLength)))!.Length);
        Assert.Null(Ids.DisplayName(new string('a', Ids.MaxDisplayNameLength + 1)));
    }
}
