namespace Scoreboard.Security.Limits;

/// <summary>
/// A claimed cool-down slot, or (when <see cref="Wait"/> is set) the time the user must wait instead.
/// <see cref="Lease"/> identifies a slot sent to Redis; null for one only ever held in this instance's memory.
/// <see cref="InMemory"/> marks a slot held in memory because Redis did not answer: the claim sent may still land there.
/// </summary>
public readonly record struct CooldownClaim(string User, string Type, long At, long Previous, TimeSpan? Wait, string? Lease = null, bool InMemory = false)
{
    public bool Claimed => Wait is null;
}

/// <summary>
/// Per-user, per-type cool-downs (the catalog's <c>minIntervalMs</c>, 002's <c>minDuration</c>): kept by this instance
/// in embedded mode (<see cref="Cooldowns"/>), in Redis for every instance together in distributed mode
/// (<see cref="SharedCooldowns"/>). A slot is claimed before the credit is submitted, so two concurrent requests cannot
/// both slip through, and released when the credit was not applied.
/// </summary>
public interface ICooldowns
{
    /// <summary>Claims the user's slot for <paramref name="actionType"/>; a claim with <see cref="CooldownClaim.Wait"/> when it is taken.</summary>
    ValueTask<CooldownClaim> TryClaimAsync(string userId, string actionType, int intervalMs);

    /// <summary>Gives a claimed slot back: the credit it was claimed for did not apply. Does nothing for a refused claim.</summary>
    ValueTask ReleaseAsync(CooldownClaim claim);
}
