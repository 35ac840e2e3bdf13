using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;
using static Scoreboard.IntegrationTests.Security.SignedBodies;

namespace Scoreboard.IntegrationTests.Security;

/// <summary>The request an attack sends, after its preparation.</summary>
public sealed record Probe(HttpClient Client, string Path, HttpContent Content);

/// <summary>One attack: how to prepare and send it, and the refusal it must get.</summary>
public sealed record Attack(Func<SecurityFixture, string, Task<Probe>> Prepare, int Status, string Code);

/// <summary>The hostile battery's table. Each attack runs as a fresh user, so they cannot hide behind each other.</summary>
public static class Attacks
{
    private const string V1 = "/api/v1/scores/update";
    private const string V3 = "/api/score/update";
    private const string Complete = "/api/v1/actions/complete";

    public static readonly IReadOnlyDictionary<string, Attack> All = new Dictionary<string, Attack>
    {
        // Tokens
        ["no_token"] = new((f, u) => Send(f.Server.CreateClient(), V1, Seed002(Id(), "TASK_COMPLETE", 10)), 401, "UNAUTHORIZED"),
        ["garbage_token"] = new((f, u) => Send(f.Bearer("not.a.jwt"), V1, Seed002(Id(), "TASK_COMPLETE", 10)), 401, "UNAUTHORIZED"),
        ["alg_none"] = new((f, u) => Send(f.Bearer(TestTokens.None(TestTokens.Claims(u))), V1, Seed002(Id(), "TASK_COMPLETE", 10)), 401, "UNAUTHORIZED"),
        ["hs256_signed_with_the_rsa_public_key"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(f.Rsa.ExportSubjectPublicKeyInfoPem(), TestTokens.Claims(u))), V1, Seed002(Id(), "TASK_COMPLETE", 10)), 401, "UNAUTHORIZED"),
        ["expired"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(u, expiresInSeconds: -120))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["not_yet_valid"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, WithClaim(TestTokens.Claims(u), "nbf", Unix(600)))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["no_expiry"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, Without(TestTokens.Claims(u), "exp"))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["wrong_issuer"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(u, issuer: "https://evil.test"))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["wrong_audience"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(u, audience: "another-app"))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["missing_permission"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(u, permission: null))), V3, Seed003(Id(), 10, u)), 403, "FORBIDDEN"),
        ["token_signed_with_a_wrong_secret"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256("a-different-secret-0123456789abcdefgh", TestTokens.Claims(u))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["rs256_from_an_unknown_key"] = new((f, u) => Send(f.Bearer(TestTokens.Rs256(RSA.Create(2048), "rsa1", TestTokens.Claims(u))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["hs512_algorithm_not_pinned"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(u), alg: "HS512")), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["token_without_subject"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims(null))), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["sql_injection_in_token_subject"] = new((f, u) => Send(f.Bearer(TestTokens.Hs256(SecurityFixture.JwtSecret, TestTokens.Claims("x' OR '1'='1"))), V3, Seed003(Id(), 10, "x' OR '1'='1")), 401, "UNAUTHORIZED"),
        ["service_key_on_a_user_endpoint"] = new((f, u) => Send(f.Server.CreateServiceClient(), V3, Seed003(Id(), 10, u)), 401, "UNAUTHORIZED"),
        ["user_token_on_a_service_endpoint"] = new((f, u) => Send(f.UserClient(u), "/scores/increment", new JsonObject { ["userId"] = u, ["actionId"] = Id() }), 401, "UNAUTHENTICATED"),

        // Whose score
        ["another_users_id_in_the_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed002(Id(), "TASK_COMPLETE", 10), "userId", "victim-user")), 400, "FIELD_NOT_ALLOWED"),
        ["another_users_id_in_a_000_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed000(Id(), u), "userId", "victim-user")), 400, "FIELD_NOT_ALLOWED"),
        ["points_in_a_000_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed000(Id(), u), "points", 1000)), 400, "FIELD_NOT_ALLOWED"),
        ["source_in_a_000_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed000(Id(), u), "source", "admin")), 400, "FIELD_NOT_ALLOWED"),
        ["delta_in_a_002_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed002(Id(), "TASK_COMPLETE", 10), "delta", 1000)), 400, "FIELD_NOT_ALLOWED"),
        ["score_in_a_003_body"] = new((f, u) => Send(f.UserClient(u), V3, WithClaim(Seed003(Id(), 10, u), "Score", 1000)), 400, "FIELD_NOT_ALLOWED"),
        ["points_in_a_004_body"] = new((f, u) => Send(f.Server.CreateServiceClient(), "/scores/increment", new JsonObject { ["userId"] = u, ["actionId"] = Id(), ["points"] = 1000 }), 400, "FIELD_NOT_ALLOWED"),
        ["userId_in_a_001_body"] = new((f, u) => Send(f.Server.CreateServiceClient(), "/scores", new JsonObject { ["user_id"] = u, ["action_id"] = "LEVEL_UP", ["userId"] = "victim-user" }), 400, "FIELD_NOT_ALLOWED"),
        ["duplicate_key_in_the_body"] = new((f, u) => SendRaw(f.UserClient(u), V3, Seed003(Id(), 10, u).ToJsonString().TrimEnd('}') + ",\"points\":10}"), 400, "INVALID_REQUEST"),
        ["duplicate_key_differing_in_case"] = new((f, u) => SendRaw(f.UserClient(u), V3, Seed003(Id(), 10, u).ToJsonString().TrimEnd('}') + $",\"ACTIONID\":\"{Id()}\"}}"), 400, "INVALID_REQUEST"),
        ["duplicate_key_of_a_service_credit"] = new((f, u) => SendRaw(f.Server.CreateServiceClient(), "/scores/increment", $$"""{"userId":"{{u}}","actionId":"{{Id()}}","userId":"victim-user"}"""), 400, "INVALID_REQUEST"),
        ["signature_for_another_user"] = new((f, u) => Send(f.UserClient(u), V3, Seed003(Id(), 10, "victim-user")), 403, "INVALID_SIGNATURE"),

        // Replays and tampering
        ["replayed_action_id_000"] = new(async (f, u) => { var body = Seed000(Id(), u); await Expect200(f.UserClient(u), V1, body); return await Send(f.UserClient(u), V1, body); }, 409, "DUPLICATE_ACTION"),
        ["replayed_action_id_003"] = new(async (f, u) => { var body = Seed003(Id(), 10, u); await Expect200(f.UserClient(u), V3, body); return await Send(f.UserClient(u), V3, body); }, 409, "DUPLICATE_ACTION"),
        ["replayed_signature_with_a_new_action_id"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed000(Id(), u), "actionId", Id())), 403, "INVALID_SIGNATURE"),
        ["tampered_increment"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed002(Id(), "TASK_COMPLETE", 10), "scoreIncrement", 50)), 403, "FORBIDDEN"),
        ["tampered_timestamp"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed002(Id(), "TASK_COMPLETE", 10, Iso()), "timestamp", Iso(2))), 403, "FORBIDDEN"),
        ["tampered_points_003"] = new((f, u) => Send(f.UserClient(u), V3, WithClaim(Seed003(Id(), 10, u), "points", 9)), 403, "INVALID_SIGNATURE"),
        ["timestamp_an_hour_old"] = new((f, u) => Send(f.UserClient(u), V1, Seed000(Id(), u, Unix(-3600))), 400, "TIMESTAMP_OUT_OF_RANGE"),
        ["timestamp_an_hour_ahead"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(Id(), "TASK_COMPLETE", 10, Iso(3600))), 400, "TIMESTAMP_OUT_OF_RANGE"),
        ["wrong_signing_secret"] = new((f, u) => Send(f.UserClient(u), V1, Seed000(Id(), u, secret: "guessed-secret-0123456789")), 403, "INVALID_SIGNATURE"),
        ["signature_of_another_canonical_form"] = new((f, u) => { var a = Id(); return Send(f.UserClient(u), V3, new JsonObject { ["actionId"] = a, ["points"] = 10, ["actionSignature"] = Hmac(SecurityFixture.HmacSecret, $"000|{a}|10|{u}") }); }, 403, "INVALID_SIGNATURE"),
        ["missing_signature"] = new((f, u) => Send(f.UserClient(u), V1, Without(Seed000(Id(), u), "signature")), 403, "INVALID_SIGNATURE"),

        // Points
        ["negative_points"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(Id(), "TASK_COMPLETE", -10)), 400, "SCORE_VALIDATION_FAILED"),
        ["zero_points"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(Id(), "TASK_COMPLETE", 0)), 400, "SCORE_VALIDATION_FAILED"),
        ["fractional_points"] = new((f, u) => SendRaw(f.UserClient(u), V1, $$"""{"actionId":"{{Id()}}","actionType":"TASK_COMPLETE","scoreIncrement":10.5,"timestamp":"{{Iso()}}","clientSignature":"{{new string('0', 64)}}"}"""), 400, "INVALID_REQUEST"),
        ["string_points"] = new((f, u) => SendRaw(f.UserClient(u), V1, $$"""{"actionId":"{{Id()}}","actionType":"TASK_COMPLETE","scoreIncrement":"10","timestamp":"{{Iso()}}","clientSignature":"{{new string('0', 64)}}"}"""), 400, "INVALID_REQUEST"),
        ["two_to_the_63_points"] = new((f, u) => SendRaw(f.UserClient(u), V3, $$"""{"actionId":"{{Id()}}","points":9223372036854775808,"actionSignature":"{{new string('0', 64)}}"}"""), 400, "INVALID_REQUEST"),
        ["long_max_points_signed"] = new((f, u) => Send(f.UserClient(u), V3, Seed003(Id(), long.MaxValue, u)), 400, "POINTS_OUT_OF_RANGE"),
        ["increment_above_max_points"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(Id(), "TASK_COMPLETE", 51)), 400, "SCORE_VALIDATION_FAILED"),
        ["points_above_the_default_type_003"] = new((f, u) => Send(f.UserClient(u), V3, Seed003(Id(), 11, u)), 400, "POINTS_OUT_OF_RANGE"),
        ["unknown_action_type"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(Id(), "GIVE_ME_POINTS", 10)), 400, "INVALID_ACTION"),

        // Tickets
        ["ticket_reused"] = new(async (f, u) => { var t = await StartAsync(f, u, "QUICK"); await Expect200(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t }); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t }); }, 409, "DUPLICATE_ACTION"),
        ["ticket_of_another_user"] = new(async (f, u) => { var t = await StartAsync(f, "someone-else-" + u, "QUICK"); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t }); }, 403, "INVALID_TICKET"),
        ["ticket_too_early"] = new(async (f, u) => { var t = await StartAsync(f, u, "LEVEL_UP"); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t }); }, 400, "TICKET_TOO_EARLY"),
        ["ticket_expired"] = new(async (f, u) => { var t = await StartAsync(f, u, "QUICK"); await Task.Delay(TimeSpan.FromSeconds(SecurityFixture.TicketLifetimeSeconds + 1.5)); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t }); }, 400, "TICKET_EXPIRED"),
        ["ticket_forged"] = new(async (f, u) => { var t = await StartAsync(f, u, "QUICK"); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t[..^4] + "AAAA" }); }, 403, "INVALID_TICKET"),
        ["ticket_retyped_to_a_richer_action"] = new(async (f, u) => { var t = await StartAsync(f, u, "QUICK"); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t.Replace("tk.QUICK.", "tk.ACHIEVEMENT.", StringComparison.Ordinal) }); }, 403, "INVALID_TICKET"),
        ["ticket_points_above_max"] = new(async (f, u) => { var t = await StartAsync(f, u, "QUICK"); return await Send(f.UserClient(u), Complete, new JsonObject { ["ticket"] = t, ["points"] = 21 }); }, 400, "SCORE_VALIDATION_FAILED"),

        // Rates
        ["rate_limit_burst"] = new(async (f, u) => { for (var i = 0; i < 10; i++) { await Expect200(f.UserClient(u), V1, Seed000(Id(), u)); } return await Send(f.UserClient(u), V1, Seed000(Id(), u)); }, 429, "RATE_LIMIT_EXCEEDED"),
        ["cool_down_of_the_action_type"] = new(async (f, u) => { await Expect200(f.UserClient(u), V1, Seed002(Id(), "LEVEL_UP", 100)); return await Send(f.UserClient(u), V1, Seed002(Id(), "LEVEL_UP", 100)); }, 429, "RATE_LIMIT_EXCEEDED"),

        // Hostile bodies and ids
        ["oversized_body"] = new((f, u) => Send(f.UserClient(u), V1, WithClaim(Seed000(Id(), u), "padding", new string('x', 20_000))), 413, "PAYLOAD_TOO_LARGE"),
        ["deeply_nested_json"] = new((f, u) => SendRaw(f.UserClient(u), V1, "{\"actionId\":\"a\",\"x\":" + new string('[', 500) + new string(']', 500) + "}"), 400, "INVALID_REQUEST"),
        ["malformed_json"] = new((f, u) => SendRaw(f.UserClient(u), V3, "{\"actionId\": \"a\", "), 400, "INVALID_REQUEST"),
        ["not_json"] = new((f, u) => Task.FromResult(new Probe(f.UserClient(u), V3, new StringContent("actionId=a&points=10", Encoding.UTF8, "application/x-www-form-urlencoded"))), 415, "UNSUPPORTED_MEDIA_TYPE"),
        ["sql_injection_in_action_id"] = new((f, u) => Send(f.UserClient(u), V1, Seed000("a'; DROP TABLE score_events;--", u)), 400, "INVALID_REQUEST"),
        ["html_in_action_id"] = new((f, u) => Send(f.UserClient(u), V3, Seed003("<script>alert(1)</script>", 10, u)), 400, "INVALID_REQUEST"),
        ["oversized_action_id"] = new((f, u) => Send(f.UserClient(u), V1, Seed002(new string('a', 129), "TASK_COMPLETE", 10)), 400, "INVALID_REQUEST"),
    };

    public static TheoryData<string> Names() => new(All.Keys);

    public static string Id() => Guid.NewGuid().ToString();

    public static async Task<string> StartAsync(SecurityFixture f, string user, string type)
    {
        var (status, body) = await f.UserClient(user).PostAsync($"/api/v1/actions/{type}/start", new JsonObject());
        Assert.True(status == 200, $"start: {status} {body}");
        return (string)body["data"]!["ticket"]!;
    }

    public static async Task Expect200(HttpClient client, string path, JsonObject body)
    {
        var (status, reply) = await client.PostAsync(path, body.ToJsonString());
        Assert.True(status == 200, $"preparation {path}: {status} {reply}");
    }

    private static Task<Probe> Send(HttpClient client, string path, JsonObject body) => SendRaw(client, path, body.ToJsonString());

    private static Task<Probe> SendRaw(HttpClient client, string path, string json) => Task.FromResult(new Probe(client, path, Json.Body(json)));

    private static JsonObject WithClaim(JsonObject o, string name, JsonNode? value)
    {
        o[name] = value;
        return o;
    }

    private static JsonObject Without(JsonObject o, string name)
    {
        o.Remove(name);
        return o;
    }
}
