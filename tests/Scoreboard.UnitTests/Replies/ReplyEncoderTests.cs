using System.Text;
using System.Text.Json;
using Scoreboard.Replies;

namespace Scoreboard.UnitTests.Replies;

public sealed class ReplyEncoderTests
{
    private static readonly JsonSerializerOptions Options = new() { Encoder = ReplyEncoder.Instance };

    [Theory]
    [InlineData("'limit' must be a whole number.", "\"'limit' must be a whole number.\"")]
    [InlineData("User ids are 1–64 characters; Zoë, 李.", "\"User ids are 1–64 characters; Zoë, 李.\"")]
    [InlineData("<script>alert(1)</script> & more", "\"\\u003Cscript\\u003Ealert(1)\\u003C/script\\u003E \\u0026 more\"")]
    [InlineData("quote \" backslash \\ bell \u0007 newline \n", "\"quote \\\" backslash \\\\ bell \\u0007 newline \\n\"")]
    public void Text_is_escaped_only_where_json_or_html_needs_it(string text, string json)
    {
        Assert.Equal(json, JsonSerializer.Serialize(text, Options));
        Assert.Equal(json, Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(text, Options)));
        Assert.Equal(text, JsonSerializer.Deserialize<string>(json));
    }

    [Fact]
    public void Long_text_with_an_html_character_after_the_first_block_is_still_escaped()
    {
        // Past the length the writers scan in vectors, and past a non-ASCII letter.
        var text = new string('a', 300) + "é" + new string('b', 300) + "<" + new string('c', 5);

        var json = JsonSerializer.Serialize(new { message = text }, Options);

        Assert.Contains("é" + new string('b', 300) + "\\u003C", json, StringComparison.Ordinal);
        Assert.Equal(text, JsonDocument.Parse(json).RootElement.GetProperty("message").GetString());
    }
}
