using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.Extensions.Options;
using Scoreboard.Scoring;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Live;

/// <summary>
/// The page at <c>/</c> with the feed's latest board already in its HTML, so the first screen is right before any
/// script runs, and without JavaScript; <c>app.js</c> then takes over live. Rendered once per board.
/// </summary>
internal sealed class BoardPage
{
    public const string TemplateResource = "Scoreboard.wwwroot.index.html";

    // Names are whatever users chose: < > & " ' are escaped, letters of every script stay readable in the source.
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly string[] _parts;
    private readonly LiveHub _hub;
    private readonly bool _boardNeedsToken;

    // One entry: the page of the current board. A new board replaces it, so it never grows with traffic.
    private Rendered? _last;

    public BoardPage(LiveHub hub, IOptions<UserTokenOptions> tokens)
    {
        _hub = hub;
        _boardNeedsToken = tokens.Value.RequireForReads;
        using var stream = typeof(BoardPage).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"{TemplateResource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        // Literal text and slot names alternate: "…{{rows}}…" splits into "…", "rows", "…".
        _parts = reader.ReadToEnd().Split(["{{", "}}"], StringSplitOptions.None);
    }

    /// <summary>The page's UTF-8 bytes for the current board, rendered when the board changed since the last call.</summary>
    public byte[] Current()
    {
        // Behind a token, a browser's plain page load cannot show the board; the script connects with its token.
        var board = _boardNeedsToken ? null : _hub.Current;
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Board, board))
        {
            return last.Html;
        }

        var page = new Rendered(board, Encoding.UTF8.GetBytes(Render(board)));
        Volatile.Write(ref _last, page);
        return page.Html;
    }

    private string Render(BoardState? board)
    {
        var html = new StringBuilder(4096);
        for (var i = 0; i < _parts.Length; i++)
        {
            html.Append(i % 2 == 0 ? _parts[i] : Slot(_parts[i], board));
        }

        return html.ToString();
    }

    private string Slot(string name, BoardState? board) => name switch
    {
        "status" => board is null ? "Connecting…" : "Snapshot",
        "rows" => Rows(board),
        "datetime" => board is null ? "" : $" datetime=\"{board.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\"",
        "updated" => board is null ? "—" : board.Timestamp.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        "sequence" => board is null ? "—" : board.Sequence.ToString(CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"index.html names an unknown slot '{name}'."),
    };

    private string Rows(BoardState? board)
    {
        if (board is null || board.Top.Count == 0)
        {
            var text = _boardNeedsToken ? "The board is shown to signed-in users." : board is null ? "Waiting for the board…" : "No scores yet.";
            return $"<tr class=\"empty\"><td colspan=\"4\">{text}</td></tr>";
        }

        var rows = new StringBuilder();
        foreach (var row in board.Top)
        {
            rows.Append('\n').Append(Row(row));
        }

        return rows.Append('\n').ToString();
    }

    /// <summary>One row, in the markup <c>app.js</c> renders, so its first live board replaces it without a flash.</summary>
    public static string Row(RankedStanding row)
    {
        var score = row.Standing.Score;
        return string.Create(CultureInfo.InvariantCulture,
            $"<tr data-user=\"{Html.Encode(row.Standing.UserId)}\" data-score=\"{score}\"><td class=\"rank\">{row.Rank}</td>"
            + $"<td class=\"name\">{Html.Encode(row.Standing.Name)}</td><td class=\"num score\">{score:N0}</td><td class=\"move\"></td></tr>");
    }

    private sealed record Rendered(BoardState? Board, byte[] Html);
}

/// <summary>Maps the page at <c>/</c> (and its old name <c>/index.html</c>); the page's assets stay static files.</summary>
internal static class BoardPageApi
{
    public static void MapBoardPage(this IEndpointRouteBuilder app)
    {
        // HEAD too, as the static page answered it (uptime checks, curl -I).
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], (BoardPage page, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            return TypedResults.Bytes(page.Current(), "text/html; charset=utf-8");
        }).WithSummary("The board page, with the current board already in its HTML")
            .Produces(StatusCodes.Status200OK, contentType: "text/html");

        // The page's old address keeps working.
        app.MapGet("/index.html", () => TypedResults.Redirect("/")).ExcludeFromDescription();
    }
}
