using System.Globalization;

namespace Scoreboard.IntegrationTests.Metrics;

/// <summary>Reads samples out of the Prometheus text format, as a scraper would, written here independently of the server.</summary>
public static class Exposition
{
    /// <summary>The sum of every sample of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    public static double Sum(string text, string metric, params (string Name, string Value)[] labels)
    {
        var sum = 0.0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = line[metric.Length..];
            var labelText = rest.StartsWith('{') ? rest[1..rest.IndexOf('}', StringComparison.Ordinal)] : rest.StartsWith(' ') ? "" : null;
            if (labelText is null || !labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                continue;
            }

            var samplePart = rest.StartsWith('{') ? rest[(rest.IndexOf('}', StringComparison.Ordinal) + 1)..] : rest;
            var value = samplePart.Trim().Split(' ')[0];
            sum += double.Parse(value, CultureInfo.InvariantCulture);
        }

        return sum;
    }

    /// <summary>The server's own exposition, as Prometheus would fetch it.</summary>
    public static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
