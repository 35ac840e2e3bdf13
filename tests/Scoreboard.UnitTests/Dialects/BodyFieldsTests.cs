using System.Text;
using Scoreboard.Dialects;
using Scoreboard.Replies;

namespace Scoreboard.UnitTests.Dialects;

public sealed class BodyFieldsTests
{
    [Theory]
    [InlineData("""{"userId":"u1","actionId":"a","userId":"u2"}""", "userId")]
    [InlineData("""{"actionId":"a","ACTIONID":"b"}""", "ACTIONID")]
    [InlineData("""{"actionId":"a","meta":{"x":1,"x":2}}""", "x")]
    [InlineData("""{"actionId":"a","list":[{"y":1},{"y":2,"y":3}]}""", "y")]
    public void A_key_twice_in_one_object_is_refused(string json, string field) =>
        Assert.Equal((Failure.InvalidRequest, field), Problem(json));

    [Theory]
    [InlineData("""{"userId":"u1","actionId":"a","points":5}""", "points")]
    [InlineData("""{"userId":"u1","actionId":"a","Score":5}""", "Score")]
    [InlineData("""{"userId":"u1","actionId":"a","user_id":"u2"}""", "user_id")]
    [InlineData("""{"userId":"u1","actionId":"a","delta":5}""", "delta")]
    public void A_field_choosing_user_or_points_that_the_request_lacks_is_refused(string json, string field) =>
        Assert.Equal((Failure.FieldNotAllowed, field), Problem(json));

    [Theory]
    [InlineData("""{"userId":"u1","actionId":"a","reason":"r","clientVersion":"2"}""")]
    [InlineData("""{"userId":"u1","actionId":"a","meta":{"points":5,"score":1}}""")]
    [InlineData("""{"userId":"u1","actionId":"a","same":{"k":1},"other":{"k":2}}""")]
    [InlineData("""{"userId":"u1",""")]
    public void Own_fields_unknown_fields_nested_names_and_malformed_json_pass_to_the_deserializer(string json) =>
        Assert.Null(BodyFields.Check(Encoding.UTF8.GetBytes(json), Seed004Json.Default.IncrementRequest));

    private static (Failure, string)? Problem(string json) =>
        BodyFields.Check(Encoding.UTF8.GetBytes(json), Seed004Json.Default.IncrementRequest) is { } p ? (p.Failure, p.Field) : null;
}
