using System.Buffers;
using System.Text.Encodings.Web;

namespace Scoreboard.Replies;

/// <summary>
/// How replies escape text: only what JSON requires, plus <c>&lt; &gt; &amp;</c>, so a reply pasted into HTML cannot
/// open or close a tag. Apostrophes and letters of every script are written as they are ("'limit' must…", "Zoë").
/// </summary>
internal sealed class ReplyEncoder : JavaScriptEncoder
{
    public static readonly ReplyEncoder Instance = new();

    private static readonly JavaScriptEncoder Minimal = UnsafeRelaxedJsonEscaping;
    private static readonly SearchValues<char> HtmlChars = SearchValues.Create("<>&");
    private static readonly SearchValues<byte> HtmlBytes = SearchValues.Create("<>&"u8);

    private ReplyEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => Math.Max(Minimal.MaxOutputCharactersPerInputCharacter, Default.MaxOutputCharactersPerInputCharacter);

    public override bool WillEncode(int unicodeScalar) => IsHtml(unicodeScalar) || Minimal.WillEncode(unicodeScalar);

    // TextEncoder's abstract members take pointers; these only pass them on.
    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        var html = new ReadOnlySpan<char>(text, textLength).IndexOfAny(HtmlChars);
        var minimal = Minimal.FindFirstCharacterToEncode(text, html < 0 ? textLength : html);
        return minimal >= 0 ? minimal : html;
    }

    public override int FindFirstCharacterToEncodeUtf8(ReadOnlySpan<byte> utf8Text)
    {
        // < > & are ASCII, so cutting the text there never splits a character.
        var html = utf8Text.IndexOfAny(HtmlBytes);
        var minimal = Minimal.FindFirstCharacterToEncodeUtf8(html < 0 ? utf8Text : utf8Text[..html]);
        return minimal >= 0 ? minimal : html;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten) =>
        (IsHtml(unicodeScalar) ? Default : Minimal).TryEncodeUnicodeScalar(unicodeScalar, buffer, bufferLength, out numberOfCharactersWritten);

    private static bool IsHtml(int scalar) => scalar is '<' or '>' or '&';
}
