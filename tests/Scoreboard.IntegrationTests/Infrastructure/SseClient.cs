using System.Text;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>An SSE reader over <see cref="HttpClient"/>: parses <c>id:</c>, <c>event:</c> and <c>data:</c> lines.</summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, StreamReader reader) => (_response, _reader) = (response, reader);

    public static async Task<SseClient> ConnectAsync(ScoreboardServer server, string path, string? lastEventId = null)
    {
        var client = server.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Timeouts.Token());
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new SseClient(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event that carries data (comments and heartbeats are skipped).</summary>
    public async Task<SseEvent> ReceiveAsync()
    {
        string? id = null, name = null;
        var data = new StringBuilder();
        var token = Timeouts.Token();
        while (await _reader.ReadLineAsync(token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    return new SseEvent(id, name ?? "message", JsonNode.Parse(data.ToString())!);
                }

                (id, name) = (null, null);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "id": id = value; break;
                case "event": name = value; break;
                case "data": data.Append(value); break;
            }
        }

        throw new InvalidOperationException("The server ended the event stream.");
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

public sealed record SseEvent(string? Id, string Name, JsonNode Data);
