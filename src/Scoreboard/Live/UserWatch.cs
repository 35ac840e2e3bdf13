namespace Scoreboard.Live;

/// <summary>A user with open connections and the last score and rank they were told, for per-user deltas.</summary>
internal sealed class UserWatch
{
    public List<LiveSubscriber> Connections { get; } = [];

    public long? Score { get; set; }

    public long? Rank { get; set; }
}
