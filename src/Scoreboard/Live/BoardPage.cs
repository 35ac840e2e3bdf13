using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.Extensions.Options;
using Scoreboard.Ranking;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;
using Scoreboard.Storage;
using Scoreboard.Security.Tokens;

namespace Scoreboard.Live;

/// <summary>
/// The page at <c>/</c> with a board already in its HTML, so the first screen is right before any script runs, and
/// without JavaScript; <c>app.js</c> then takes over live. <c>?board=&amp;period=</c> pick the board and period (a
/// shared link shows what its sender saw); a plain load shows <c>global</c> from the live feed, rendered once per board.
/// </summary>
internal sealed class BoardPage
{
    public const string TemplateResource = "Scoreboard.wwwroot.index.html";

    /// <summary>Rows on the page: the live top 10.</summary>
    public const int Size = 10;

    private static readonly HtmlEncoder Html = PageMarkup.Html;

    private readonly string[] _parts;
    private readonly LiveHub _hub;

    // One entry: the plain page of the current board. A new board replaces it, so it never grows with traffic.
    private Rendered? _last;

    public BoardPage(LiveHub hub, IOptions<UserTokenOptions> tokens)
    {
        _hub = hub;
        NeedsToken = tokens.Value.RequireForReads;
        using var stream = typeof(BoardPage).Assembly.GetManifestResourceStream(TemplateResource)
            ?? throw new InvalidOperationException($"{TemplateResource} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);

        // Literal text and slot names alternate: "…{{rows}}…" splits into "…", "rows", "…".
        _parts = reader.ReadToEnd().Split(["{{", "}}"], StringSplitOptions.None);
    }

    /// <summary>True when reads need a user token: a browser's plain page load then carries no board, the script reads it.</summary>
    public bool NeedsToken { get; }

    /// <summary>The plain page (global, from the live feed); rendered again only when the board or the board list changed.</summary>
    public byte[] Current(BoardSet boards)
    {
        var board = NeedsToken ? null : _hub.Current;
        if (Volatile.Read(ref _last) is { } last && ReferenceEquals(last.Board, board) && ReferenceEquals(last.Boards, boards))
        {
            return last.Html;
        }

        var rows = board is null ? null : new PageRows(board.Top, board.Timestamp, board.Sequence);
        var page = new Rendered(board, boards, Encoding.UTF8.GetBytes(Render(PageView.Default(boards), boards, rows)));
        Volatile.Write(ref _last, page);
        return page.Html;
    }

    /// <summary>The page of <paramref name="view"/> with <paramref name="rows"/> in it (none: behind a token, or a view that cannot be shown).</summary>
    public string Render(PageView view, BoardSet boards, PageRows? rows)
    {
        var html = new StringBuilder(4096);
        for (var i = 0; i < _parts.Length; i++)
        {
            html.Append(i % 2 == 0 ? _parts[i] : Slot(_parts[i], view, boards, rows));
        }

        return html.ToString();
    }

    private string Slot(string name, PageView view, BoardSet boards, PageRows? rows) => name switch
    {
        "status" => view.Problem is not null ? "Not shown" : rows is null ? "Connecting…" : "Snapshot",
        "rows" => Rows(view, rows),
        "datetime" => rows is null ? "" : $" datetime=\"{rows.At.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}\"",
        "updated" => rows is null ? "—" : rows.At.UtcDateTime.ToString("HH:mm:ss 'UTC'", CultureInfo.InvariantCulture),
        "sequence" => rows is null ? "—" : rows.Sequence.ToString(CultureInfo.InvariantCulture),
        "boards" => PageMarkup.Options(boards, view, NeedsToken),
        "tabs" => PageMarkup.Tabs(view),
        "caption" => PageMarkup.Caption(view, NeedsToken),
        "board" => Html.Encode(view.BoardId),
        "period" => Html.Encode(view.RequestedPeriod),
        "key" => Html.Encode(view.Period?.Key ?? ""),
        "state" => view.Problem is not null ? "problem" : view.IsCurrent ? "current" : "ended",
        "locked" => NeedsToken ? "true" : "false",
        _ => throw new InvalidOperationException($"index.html names an unknown slot '{name}'."),
    };

    private string Rows(PageView view, PageRows? board)
    {
        if (board is null || board.Top.Count == 0)
        {
            var text = view.Problem ?? (NeedsToken ? "The board is shown to signed-in users." : board is null ? "Waiting for the board…" : "No scores yet.");
            return $"<tr class=\"empty\"><td colspan=\"4\">{Html.Encode(text)}</td></tr>";
        }

        var rows = new StringBuilder();
        foreach (var row in board.Top)
        {
            rows.Append('\n').Append(Row(row));
        }

        return rows.Append('\n').ToString();
    }

    /// <summary>One row, in the markup <c>table.js</c> renders, so its first live board replaces it without a flash.</summary>
    public static string Row(RankedStanding row)
    {
        var score = row.Standing.Score;
        return string.Create(CultureInfo.InvariantCulture,
            $"<tr data-user=\"{Html.Encode(row.Standing.UserId)}\" data-score=\"{score}\"><td class=\"rank\">{row.Rank}</td>"
            + $"<td class=\"name\">{Html.Encode(row.Standing.Name)}</td><td class=\"num score\">{score:N0}</td><td class=\"move\"></td></tr>");
    }

    private sealed record Rendered(BoardState? Board, BoardSet Boards, byte[] Html);
}

/// <summary>Maps the page at <c>/</c> (and its old name <c>/index.html</c>); the page's assets stay static files.</summary>
internal static class BoardPageApi
{
    public static void MapBoardPage(this IEndpointRouteBuilder app)
    {
        // HEAD too, as the static page answered it (uptime checks, curl -I).
        app.MapMethods("/", [HttpMethods.Get, HttpMethods.Head], async (
            string? board, string? period, BoardPage page, BoardRegistry registry, BoardReads reads, BoardStore store, TimeProvider clock, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-cache";
            var boards = registry.Current;
            var view = PageView.Resolve(boards, board, period, clock.GetUtcNow());
            if (view.IsDefault)
            {
                return TypedResults.Text(page.Current(boards), "text/html; charset=utf-8");
            }

            // A board other than the live feed's, or an ended period: read from the board's ranking, per request.
            var rows = view.Period is { } window && !page.NeedsToken
                ? new PageRows(await reads.TopAsync(view.Board!, window.Key, 0, BoardPage.Size, context.RequestAborted), clock.GetUtcNow(),
                    await store.LedgerPositionAsync(context.RequestAborted))
                : null;
            return TypedResults.Text(Encoding.UTF8.GetBytes(page.Render(view, boards, rows)), "text/html; charset=utf-8", view.Status);
        }).WithSummary("The board page, with the board (?board=, default global) and period (?period=, default current) already in its HTML")
            .Produces(StatusCodes.Status200OK, contentType: "text/html")
            .Produces(StatusCodes.Status400BadRequest, contentType: "text/html").Produces(StatusCodes.Status404NotFound, contentType: "text/html");

        // The page's old address keeps working.
        app.MapGet("/index.html", () => TypedResults.Redirect("/")).ExcludeFromDescription();
    }
}

/// <summary>The rows a page shows, with when they were read and the sequence they are as of.</summary>
internal sealed record PageRows(IReadOnlyList<RankedStanding> Top, DateTimeOffset At, long Sequence);
