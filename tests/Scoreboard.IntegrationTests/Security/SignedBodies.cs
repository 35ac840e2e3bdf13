using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>Request bodies signed the way the README tells client authors to, written out here independently.</summary>
public static class SignedBodies
{
    public static long Unix(int offsetSeconds = 0) => DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

    public static string Iso(int offsetSeconds = 0) =>
        DateTimeOffset.UtcNow.AddSeconds(offsetSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Hmac(string secret, string text) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(text)));

    public static JsonObject Seed000(string actionId, string userId, long? timestamp = null, string secret = SecurityFixture.HmacSecret)
    {
        var ts = timestamp ?? Unix();
        return new JsonObject { ["actionId"] = actionId, ["timestamp"] = ts, ["signature"] = Hmac(secret, $"000|{actionId}|{ts}|{userId}") };
    }

    public static JsonObject Seed002(string actionId, string type, long increment, string? timestamp = null, string secret = SecurityFixture.HmacSecret)
    {
        var ts = timestamp ?? Iso();
        return new JsonObject
        {
            ["actionId"] = actionId, ["actionType"] = type, ["scoreIncrement"] = increment, ["timestamp"] = ts,
            ["clientSignature"] = Hmac(secret, $"{actionId}{type}{increment}{ts}"),
        };
    }

    public static JsonObject Seed003(string actionId, long points, string userId, string secret = SecurityFixture.HmacSecret) =>
        new() { ["actionId"] = actionId, ["points"] = points, ["actionSignature"] = Hmac(secret, $"003|{actionId}|{points}|{userId}") };
}
