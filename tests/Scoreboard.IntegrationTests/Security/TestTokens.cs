using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>
/// JWTs assembled by hand (base64url header and claims, signature from System.Security.Cryptography), so the
/// tests do not share the server's token library, and can build the forged tokens no library would.
/// </summary>
public static class TestTokens
{
    public static string Hs256(string secret, JsonObject claims, string alg = "HS256") =>
        Sign(new JsonObject { ["alg"] = alg, ["typ"] = "JWT" }, claims, data => HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), data));

    public static string Rs256(RSA key, string kid, JsonObject claims) =>
        Sign(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = kid }, claims,
            data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary><c>alg: none</c>: no signature at all.</summary>
    public static string None(JsonObject claims) =>
        $"{B64(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" })}.{B64(claims)}.";

    public static JsonObject Claims(string? sub, int expiresInSeconds = 3600, string? issuer = SecurityFixture.Issuer,
        string? audience = SecurityFixture.Audience, string? permission = SecurityFixture.Permission, string? name = null)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = new JsonObject { ["iat"] = now, ["exp"] = now + expiresInSeconds };
        if (sub is not null) claims["sub"] = sub;
        if (issuer is not null) claims["iss"] = issuer;
        if (audience is not null) claims["aud"] = audience;
        if (permission is not null) claims["permissions"] = new JsonArray(permission);
        if (name is not null) claims["name"] = name;
        return claims;
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Sign(JsonObject header, JsonObject claims, Func<byte[], byte[]> sign)
    {
        var signingInput = $"{B64(header)}.{B64(claims)}";
        return $"{signingInput}.{Base64Url(sign(Encoding.ASCII.GetBytes(signingInput)))}";
    }

    private static string B64(JsonObject json) => Base64Url(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
