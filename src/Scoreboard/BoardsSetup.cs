using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Scoreboard.Crediting;
using Scoreboard.Ranking;
using Scoreboard.Storage.Sqlite;
using Scoreboard.Storage;

namespace Scoreboard;

/// <summary>Boards' wiring: configured boards checked at start-up, the registry, the board rankings and their chore.</summary>
public static class BoardsSetup
{
    public static IServiceCollection AddBoards(this IServiceCollection services)
    {
        services.AddOptions<BoardsOptions>().BindConfiguration(BoardsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BoardsOptions>>(new SettingsCheck<BoardsOptions>(o => BoardsOptions.Parse(o).Problem));

        // Distributed mode registered the PostgreSQL ones first.
        services.TryAddSingleton(sp => new BoardStore(sp.GetRequiredService<SqliteScoreStore>().OpenConnectionAsync));
        services.TryAddSingleton<IBoardRanks, BoardRankIndex>();
        services.AddSingleton<BoardReads>();
        services.AddSingleton<BoardRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<BoardRegistry>());
        services.AddHostedService<BoardIndexChore>();
        return services;
    }
}
