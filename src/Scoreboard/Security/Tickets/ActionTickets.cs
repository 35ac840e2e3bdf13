using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Security.Tickets;

/// <summary>Action tickets: how long one lives, and whether every user credit needs one.</summary>
public sealed class TicketOptions
{
    public const string Section = "Scoreboard:Tickets";

    public int LifetimeSeconds { get; set; } = 600;

    /// <summary>Every user-facing credit must complete a ticket; the page's JavaScript and secret alone mint nothing.</summary>
    public bool Required { get; set; }

    public static string? Check(TicketOptions o) =>
        o.LifetimeSeconds is < 1 or > 86_400 ? $"Scoreboard:Tickets:LifetimeSeconds must be from 1 to 86400 (got {o.LifetimeSeconds})." : null;
}

/// <summary>A ticket as issued.</summary>
public sealed record IssuedTicket(string Ticket, string ActionType, DateTimeOffset IssuedAt, DateTimeOffset NotBefore, DateTimeOffset ExpiresAt);

/// <summary>Why a presented ticket cannot be completed now.</summary>
public enum TicketProblem
{
    None,
    Invalid,
    Expired,
    TooEarly,
}

/// <summary>A checked ticket: its action type and, when too early, how long to wait.</summary>
public readonly record struct TicketCheck(TicketProblem Problem, string ActionType, TimeSpan Wait);

/// <summary>
/// Server-issued, single-use action tickets: <c>tk.{type}.{issued}.{nonce}.{mac}</c>, the MAC binding user, type,
/// issue time and nonce. Nothing is kept per ticket: the ticket itself becomes the credit's action id, so the
/// ledger's unique constraint makes it single-use on every instance.
/// </summary>
public sealed class ActionTickets(ServerSecrets secrets, IOptions<TicketOptions> options, ActionCatalog catalog, TimeProvider clock)
{
    public const string Prefix = "tk.";

    public bool Required => options.Value.Required;

    public static bool LooksLikeTicket(string? actionId) => actionId?.StartsWith(Prefix, StringComparison.Ordinal) == true;

    public IssuedTicket Issue(string userId, string actionType)
    {
        var now = clock.GetUtcNow();
        var issued = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var nonce = Base64Url(RandomNumberGenerator.GetBytes(12));
        var ticket = $"{Prefix}{actionType}.{issued}.{nonce}.{Mac(userId, actionType, issued, nonce)}";
        var minimum = TimeSpan.FromMilliseconds(catalog.Find(actionType)?.MinIntervalMs ?? 0);
        return new IssuedTicket(ticket, actionType, now, now + minimum, now + TimeSpan.FromSeconds(options.Value.LifetimeSeconds));
    }

    /// <summary>Checks that <paramref name="ticket"/> was issued to <paramref name="userId"/>, is old enough and not expired.</summary>
    public TicketCheck Check(string userId, string ticket)
    {
        var parts = LooksLikeTicket(ticket) ? ticket[Prefix.Length..].Split('.') : [];
        if (parts.Length < 4)
        {
            return new(TicketProblem.Invalid, "", TimeSpan.Zero);
        }

        var (type, issued, nonce, mac) = (string.Join('.', parts[..^3]), parts[^3], parts[^2], parts[^1]);
        var expected = Encoding.ASCII.GetBytes(Mac(userId, type, issued, nonce));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(mac))
            || !long.TryParse(issued, NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs)
            || catalog.Find(type) is not { } rule)
        {
            return new(TicketProblem.Invalid, "", TimeSpan.Zero);
        }

        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        var minimum = TimeSpan.FromMilliseconds(rule.MinIntervalMs);
        return age > TimeSpan.FromSeconds(options.Value.LifetimeSeconds) ? new(TicketProblem.Expired, type, TimeSpan.Zero)
            : age < minimum ? new(TicketProblem.TooEarly, type, minimum - age)
            : new(TicketProblem.None, type, TimeSpan.Zero);
    }

    private string Mac(string userId, string type, string issued, string nonce) =>
        Base64Url(HMACSHA256.HashData(secrets.TicketKey, Encoding.UTF8.GetBytes($"{userId}|{type}|{issued}|{nonce}"))[..16]);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
