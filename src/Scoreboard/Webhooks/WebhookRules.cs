using System.Security.Cryptography;
using System.Text;

namespace Scoreboard.Webhooks;

/// <summary>Webhook decisions as pure functions: the event types, the subscription bounds, backoff and the signature.</summary>
public static class WebhookRules
{
    public const string PeriodEnded = "period.ended";
    public const string SuspiciousActivityFlagged = "suspicious_activity.flagged";
    public const string UserErased = "user.erased";

    public static readonly IReadOnlyList<string> EventTypes = [PeriodEnded, SuspiciousActivityFlagged, UserErased];

    public const int MaxUrlLength = 2_048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const int MaxSubscriptions = 20;

    /// <summary>The header every delivery carries.</summary>
    public const string SignatureHeader = "Scoreboard-Signature";

    /// <summary>
    /// The wait after <paramref name="attemptsMade"/> failed attempts: the first retry after FirstRetryMs, then twice
    /// as long each time, never longer than MaxRetryMs.
    /// </summary>
    public static TimeSpan Backoff(int attemptsMade, WebhookOptions options)
    {
        var doublings = Math.Clamp(attemptsMade - 1, 0, 30);
        var delay = Math.Min((double)options.FirstRetryMs * Math.Pow(2, doublings), options.MaxRetryMs);
        return TimeSpan.FromMilliseconds(delay);
    }

    /// <summary><c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;.&lt;body&gt;"&gt;</c>, keyed with the subscription's secret.</summary>
    public static string Signature(string secret, long unixSeconds, string body)
    {
        var t = unixSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{body}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }

    /// <summary>Null when the subscription may be stored; otherwise the field at fault and why.</summary>
    public static (string Field, string Message)? Check(string? url, IReadOnlyList<string?>? events, string? secret)
    {
        if (url is null || url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return ("url", $"'url' is an absolute http or https URL of at most {MaxUrlLength} characters, without user info or fragment.");
        }

        if (events is null || events.Count == 0 || events.Count > EventTypes.Count || events.Any(e => e is null || !EventTypes.Contains(e))
            || events.Distinct(StringComparer.Ordinal).Count() != events.Count)
        {
            return ("events", $"'events' lists one or more of {string.Join(", ", EventTypes)}, each once.");
        }

        if (secret is null || secret.Length is < MinSecretLength or > MaxSecretLength || secret.Any(char.IsControl))
        {
            return ("secret", $"'secret' is {MinSecretLength}–{MaxSecretLength} characters without control characters.");
        }

        return null;
    }

    /// <summary>How a subscription's types are stored: a comma at each end, so one type matches by <c>LIKE '%,type,%'</c>.</summary>
    public static string StoredEvents(IEnumerable<string> events) => $",{string.Join(',', events)},";

    public static IReadOnlyList<string> ReadEvents(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
