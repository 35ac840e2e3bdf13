namespace Scoreboard.Security.Limits;

/// <summary>
/// The credit budgets of <see cref="RateLimitOptions"/>: counted by this instance alone in embedded mode
/// (<see cref="CreditLimiter"/>), in Redis for every instance together in distributed mode (<see cref="SharedCreditLimits"/>).
/// </summary>
public interface ICreditLimits
{
    /// <summary>Takes a permit for a user credit from the per-IP, per-user and global budgets; when refused, how long to wait.</summary>
    ValueTask<TimeSpan?> TryUserAsync(string userId, string? ip);

    /// <summary>Takes a permit from a service key's budget; when refused, how long to wait.</summary>
    ValueTask<TimeSpan?> TryServiceAsync(string keyName);
}
