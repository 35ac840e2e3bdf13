using System.Text;

namespace Scoreboard.Scoring;

/// <summary>Validation of the identifiers clients send: user ids, action ids, action types, display names.</summary>
public static class Ids
{
    public const int MaxUserIdLength = 64;
    public const int MaxActionIdLength = 128;
    public const int MaxActionTypeLength = 64;
    public const int MaxDisplayNameLength = 64;
    public const int MaxReasonLength = 64;

    /// <summary>UUIDs and strings such as <c>user_123</c> or <c>alice@example.org</c>.</summary>
    public static bool IsValidUserId(string? value) => IsToken(value, MaxUserIdLength);

    public static bool IsValidActionId(string? value) => IsToken(value, MaxActionIdLength);

    public static bool IsValidActionType(string? value) => IsToken(value, MaxActionTypeLength);

    /// <summary>Any printable text (names are rendered escaped), no control characters, no surrounding blanks.</summary>
    public static bool IsValidDisplayName(string? value) => IsText(value, MaxDisplayNameLength);

    public static bool IsValidReason(string? value) => IsText(value, MaxReasonLength);

    private static bool IsToken(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value) || value.Length > maxLength)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or ':' or '@'))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsText(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Length > maxLength || value.Trim().Length != value.Length)
        {
            return false;
        }

        // EnumerateRunes turns a lone surrogate into U+FFFD, so broken UTF-16 is refused with the control characters.
        foreach (var rune in value.EnumerateRunes())
        {
            if (Rune.IsControl(rune) || rune == Rune.ReplacementChar)
            {
                return false;
            }
        }

        return true;
    }
}
