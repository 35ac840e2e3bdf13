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

    /// <summary>
    /// Printable text (names are rendered escaped) without surrounding blanks, control characters, or the invisible
    /// characters that let one name pass for another: bidirectional overrides and isolates, U+200B and U+FEFF.
    /// </summary>
    public static bool IsValidDisplayName(string? value) => DisplayName(value) is not null;

    /// <summary>
    /// The name as it is stored and shown: in NFC, so that one name has one spelling; null when the name is refused
    /// (<see cref="IsValidDisplayName"/>). ZWJ and ZWNJ stay: emoji sequences and Persian need them.
    /// </summary>
    public static string? DisplayName(string? value)
    {
        // Normalising can change the length, so the limit applies to the result; this bound only caps the work.
        if (!IsText(value, MaxDisplayNameLength * 4))
        {
            return null;
        }

        foreach (var c in value!)
        {
            if (IsImpersonationCharacter(c))
            {
                return null;
            }
        }

        var normal = value.Normalize(NormalizationForm.FormC);
        return normal.Length <= MaxDisplayNameLength ? normal : null;
    }

    public static bool IsValidReason(string? value) => IsText(value, MaxReasonLength);

    // Bidi embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069), zero-width space, byte-order mark.
    private static bool IsImpersonationCharacter(char c) => c is (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200B' or '\uFEFF';

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
