using Scoreboard.Cli;

namespace Scoreboard.UnitTests.Cli;

public sealed class SettingArgumentsTests
{
    [Fact]
    public void Settings_go_to_configuration_in_any_position_and_the_rest_to_the_verbs()
    {
        var (settings, verbs) = SettingArguments.Split(
            ["--urls", "http://127.0.0.1:3001", "keys", "--Scoreboard:Storage:DataDir=/srv/board", "revoke", "--Scoreboard__Api__MaxBodyBytes", "4096", "shop"]);

        Assert.Equal(["--urls=http://127.0.0.1:3001", "--Scoreboard:Storage:DataDir=/srv/board", "--Scoreboard:Api:MaxBodyBytes=4096"], settings);
        Assert.Equal(["keys", "revoke", "shop"], verbs);
    }

    [Theory]
    [InlineData("--port", "3000")]
    [InlineData("--bogus")]
    [InlineData("--help")]
    [InlineData("--version")]
    public void Anything_else_is_left_for_the_verb_parser_to_accept_or_refuse(params string[] args)
    {
        var (settings, verbs) = SettingArguments.Split(args);

        Assert.Empty(settings);
        Assert.Equal(args, verbs);
    }

    [Fact]
    public void A_setting_without_a_value_is_left_for_the_parser_to_name()
    {
        var (settings, verbs) = SettingArguments.Split(["serve", "--urls"]);

        Assert.Empty(settings);
        Assert.Equal(["serve", "--urls"], verbs);
    }
}
