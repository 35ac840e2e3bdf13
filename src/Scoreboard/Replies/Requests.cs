using System.Globalization;
using Scoreboard.Scoring;

namespace Scoreboard.Replies;

/// <summary>What every dialect reads off a request the same way: caller address, user agent, paging.</summary>
internal static class Requests
{
    private const int MaxUserAgentLength = 256;

    public static string? Ip(HttpContext context) => context.Connection.RemoteIpAddress?.ToString();

    public static string? UserAgent(HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return agent.Length == 0 ? null : agent[..Math.Min(agent.Length, MaxUserAgentLength)];
    }

    /// <summary>Parses an optional integer query value within [min, max]; null text gives the default.</summary>
    public static bool TryInt(string? text, int fallback, int min, int max, out int value)
    {
        if (text is null)
        {
            value = fallback;
            return true;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    /// <summary>The failure message for a query value out of range.</summary>
    public static string RangeMessage(string name, int min, int max) => $"'{name}' must be a whole number from {min} to {max}.";

    public static string UserIdMessage => $"User ids are 1–{Ids.MaxUserIdLength} characters of letters, digits and _ - . : @.";

    public static string ActionIdMessage => $"Action ids are 1–{Ids.MaxActionIdLength} characters of letters, digits and _ - . : @.";
}
