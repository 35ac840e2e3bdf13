using System.Text.Json;
using Microsoft.Extensions.Options;
using Scoreboard.Diagnostics;
using Scoreboard.Scoring;
using Scoreboard.Scoring.Boards;

namespace Scoreboard.Storage;

/// <summary>One configured board: <c>Scoreboard:Boards:&lt;id&gt;:Title|ActionTypes|Operator|Order|Period|TimeZone|WeekStart|KeepPeriods</c>.</summary>
public sealed class BoardSettings
{
    public string? Title { get; set; }
    public List<string>? ActionTypes { get; set; }
    public string? Operator { get; set; }
    public string? Order { get; set; }
    public string? Period { get; set; }
    public string? TimeZone { get; set; }
    public string? WeekStart { get; set; }
    public int? KeepPeriods { get; set; }

    public BoardDocument ToDocument() => new(Title, ActionTypes, Operator, Order, Period, TimeZone, WeekStart, KeepPeriods);
}

public sealed class BoardsOptions
{
    public const string Section = "Scoreboard";

    public Dictionary<string, BoardSettings> Boards { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The configured boards; a bad one stops start-up with a line naming it.</summary>
    public static (IReadOnlyList<BoardDefinition> Boards, string? Problem) Parse(BoardsOptions options)
    {
        var boards = new List<BoardDefinition>();
        foreach (var (id, settings) in options.Boards)
        {
            if (id == BoardDefinition.GlobalId)
            {
                return ([], $"Scoreboard:Boards:{id}: the global board is built in and cannot be configured.");
            }

            var (board, problem) = settings.ToDocument().ToDefinition(id, DateTimeOffset.MinValue, fromConfiguration: true);
            if (problem is not null)
            {
                return ([], $"Scoreboard:Boards:{id}: {problem.Message}");
            }

            boards.Add(board!);
        }

        return (boards, null);
    }
}

/// <summary>
/// The boards every credit is checked against: configured ones plus those stored through the admin API, re-read from
/// the store every <see cref="RefreshInterval"/> so every instance sees a change. A stored board starts counting
/// <see cref="ActivationDelay"/> after it was created, longer than the refresh interval, and the ledger writer
/// refreshes a stale registry before a batch: so no instance commits a credit a board should count without it.
/// </summary>
public sealed class BoardRegistry(
    BoardStore store, IOptions<BoardsOptions> options, ActionCatalog catalog, TimeProvider clock, ILogger<BoardRegistry> logger) : BackgroundService
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan ActivationDelay = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile BoardSet _current = new([], new Dictionary<string, IReadOnlyList<Season>>(), catalog.NotOnGlobal);
    private long _loadedAt = long.MinValue;

    public BoardSet Current => _current;

    /// <summary>The boards, re-read first when the last read is older than the refresh interval.</summary>
    public async ValueTask<BoardSet> FreshAsync(CancellationToken cancellationToken)
    {
        if (clock.GetUtcNow().ToUnixTimeMilliseconds() - Interlocked.Read(ref _loadedAt) > RefreshInterval.TotalMilliseconds)
        {
            await LoadAsync(cancellationToken);
        }

        return _current;
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _loading.WaitAsync(cancellationToken);
        try
        {
            var started = clock.GetUtcNow();
            var (configured, _) = BoardsOptions.Parse(options.Value);
            var (stored, seasons) = await store.ReadBoardsAsync(cancellationToken);
            var boards = new List<BoardDefinition>(configured);
            foreach (var row in stored.Where(r => configured.All(c => c.Id != r.Id)))
            {
                var document = JsonSerializer.Deserialize(row.Definition, BoardDocumentJson.Default.BoardDocument);
                if (document?.ToDefinition(row.Id, row.CreatedAt, fromConfiguration: false) is ({ } board, _))
                {
                    boards.Add(board);
                }
            }

            var byBoard = seasons.GroupBy(s => s.BoardId).ToDictionary(g => g.Key, g => (IReadOnlyList<Season>)[.. g.Select(s => s.Season)]);
            _current = new BoardSet(boards, byBoard, catalog.NotOnGlobal);
            Interlocked.Exchange(ref _loadedAt, started.ToUnixTimeMilliseconds());
        }
        finally
        {
            _loading.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The store is away: credits fail too, and the writer re-reads before its next batch.
                Log.BoardsReloadFailed(logger, ex);
            }
        }
    }
}
