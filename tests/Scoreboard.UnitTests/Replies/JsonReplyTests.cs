using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scoreboard.Dialects;
using Scoreboard.Reads;
using Scoreboard.Replies;

namespace Scoreboard.UnitTests.Replies;

/// <summary>A JSON reply written in one piece carries exactly the bytes the HTTP JSON options make, with their length.</summary>
public sealed class JsonReplyTests
{
    [Fact]
    public async Task Each_reply_has_the_bytes_and_escaping_of_the_HTTP_JSON_options_and_its_length()
    {
        var services = new ServiceCollection();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, Seed002Json.Default);
            o.SerializerOptions.Converters.Add(new UtcTimestampConverter());
            o.SerializerOptions.Encoder = ApiErrors.Encoder;
        });
        using var provider = services.BuildServiceProvider();
        var json = provider.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;

        // A long reply, then a short one on the same thread: the kept buffer must not leak the first into the second.
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        foreach (var name in new[] { "Zoë <b>&' 日本 " + new string('x', 300), "Ada" })
        {
            var value = new Envelope<UserRow>(true, new UserRow(3, "user_1", name, 120, time));
            var context = new DefaultHttpContext { RequestServices = provider };
            var body = new MemoryStream();
            context.Response.Body = body;

            await JsonReply.Ok(value).ExecuteAsync(context);

            var expected = JsonSerializer.SerializeToUtf8Bytes(value, json.GetTypeInfo(typeof(Envelope<UserRow>)));
            Assert.Equal(expected, body.ToArray());
            Assert.Equal(expected.Length, context.Response.ContentLength);
            Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
            Assert.Equal(200, context.Response.StatusCode);
        }
    }
}
