namespace Scoreboard.IntegrationTests.Infrastructure;

/// <summary>Polls a condition until it holds or a generous deadline passes, since timings on a shared machine are noisy.</summary>
public static class Waiting
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan deadline, string? what = null) =>
        await UntilAsync(() => Task.FromResult(condition()), deadline, what);

    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan deadline, string? what = null)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"Still waiting after {deadline.TotalSeconds} s{(what is null ? "" : $" for {what}")}.");
            }

            await Task.Delay(100);
        }
    }
}
