using Scoreboard.Scoring.Boards;

namespace Scoreboard.Reads;

/// <summary>Placeholder until the cached reads land.</summary>
public sealed class ReadCache
{
    public void Changed(bool global, IEnumerable<BoardPeriod> boards)
    {
    }
}
