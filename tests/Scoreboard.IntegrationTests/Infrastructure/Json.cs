using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>Requests and replies as a client sees them: raw JSON in, parsed JSON out.</summary>
public static class Json
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static StringContent Body(object value) => Body(JsonSerializer.Serialize(value));

    public static async Task<(int Status, JsonNode Body)> PostAsync(this HttpClient client, string path, object body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = body as HttpContent ?? (body is string text ? Body(text) : Body(body)),
        };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<(int Status, JsonNode Body)> GetJsonAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return ((int)response.StatusCode, await ReadAsync(response));
    }

    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public static string NewId(string prefix) => $"{prefix}_{Guid.NewGuid():N}";
}
