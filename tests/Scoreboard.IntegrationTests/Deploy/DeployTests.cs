using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Scoreboard.IntegrationTests.Infrastructure;

namespace Scoreboard.IntegrationTests.Deploy;

/// <summary>The nginx site in <c>deploy/</c>: valid for nginx, and a live board works through it without logging tokens.</summary>
[Trait("Backend", "embedded")]
public sealed class DeployTests
{
    [Fact]
    public async Task Shipped_nginx_site_passes_nginx_t()
    {
        var root = Directory.CreateTempSubdirectory("scoreboard-nginx-t-").FullName;
        try
        {
            var conf = await ShippedNginx.ConfigureAsync(root, ShippedNginx.SiteFile);
            await Shell.RunAsync(ShippedNginx.Nginx, "-t", "-p", root, "-c", conf, "-e", Path.Combine(root, "error.log"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public async Task A_credit_reaches_a_WebSocket_client_through_the_shipped_nginx_site_and_no_token_is_logged()
    {
        await using var server = await ScoreboardServer.StartAsync();
        await using var nginx = await ShippedNginx.StartAsync(server.BaseAddress);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{nginx.Port}"), Timeout = TimeSpan.FromSeconds(30) };

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{nginx.Port}/ws/scoreboard"), Timeouts.Token());
        Assert.Equal("scoreboard_snapshot", (string?)(await ReceiveAsync(socket))["type"]);

        var userId = Json.NewId("nginx");
        using var credit = new HttpRequestMessage(HttpMethod.Post, "/scores/increment")
        {
            Content = JsonContent.Create(new { userId, actionId = Json.NewId("nginx-action") }),
        };
        credit.Headers.Add("X-API-KEY", ScoreboardServer.ApiKey);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.SendAsync(credit)).StatusCode);

        JsonNode frame;
        do
        {
            frame = await ReceiveAsync(socket);
        }
        while (!frame["entries"]!.AsArray().Any(e => (string?)e!["userId"] == userId));
        Assert.Equal("scoreboard_update", (string?)frame["type"]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, Timeouts.Token()); // nginx logs a connection when it ends

        const string secret = "eyJhbGciOiJIUzI1NiJ9.secret-marker.never-logged";
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync($"/scoreboard/top?access_token={secret}")).StatusCode);
        await Waiting.UntilAsync(() => File.Exists(nginx.AccessLog) && File.ReadAllText(nginx.AccessLog) is var text
            && text.Contains("GET /scoreboard/top", StringComparison.Ordinal) && text.Contains("GET /ws/scoreboard", StringComparison.Ordinal),
            TimeSpan.FromSeconds(20), "the access log lines");
        var log = await File.ReadAllTextAsync(nginx.AccessLog);
        Assert.DoesNotContain("secret-marker", log, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", log, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.AsMemory(), Timeouts.Token());
            message.Write(buffer, 0, received.Count);
        }
        while (!received.EndOfMessage);

        return JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray()))!;
    }
}
