namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>How long a test waits for a message before failing: generous, since CI machines are slow and shared.</summary>
public static class Timeouts
{
    public static readonly TimeSpan Message = TimeSpan.FromSeconds(15);

    public static CancellationToken Token() => new CancellationTokenSource(Message).Token;
}
