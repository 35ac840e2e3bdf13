namespace Scoreboard.Live;

/// <summary>
/// The live-connection cap counted beyond one instance. Embedded mode has none (the hub's own count is the cap);
/// distributed mode counts every instance's connections in Redis, so the cap and each address's share of it hold
/// for the deployment.
/// </summary>
public interface ILiveConnectionCap
{
    /// <summary>
    /// Takes a slot for connection <paramref name="connectionId"/> of this instance, opened from
    /// <paramref name="address"/>; anything but <see cref="JoinRefusal.None"/> means refuse it.
    /// </summary>
    ValueTask<JoinRefusal> TryOpenAsync(long connectionId, string address, int max, int maxPerAddress, CancellationToken cancellationToken);

    /// <summary>Frees the slot; safe to call for a connection that never got one.</summary>
    void Close(long connectionId);
}

/// <summary>Why a live connection is not let in.</summary>
public enum JoinRefusal
{
    None,

    /// <summary>The instance, or the deployment, holds the configured maximum.</summary>
    Full,

    /// <summary>The client's address holds its share of the maximum.</summary>
    AddressShare,
}
