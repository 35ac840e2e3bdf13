namespace Scoreboard.Live;

/// <summary>
/// The live-connection cap counted beyond one instance. Embedded mode has none (the hub's own count is the cap);
/// distributed mode counts every instance's connections in Redis, so the cap holds for the deployment.
/// </summary>
public interface ILiveConnectionCap
{
    /// <summary>Takes a slot for connection <paramref name="connectionId"/> of this instance; false means refuse it.</summary>
    ValueTask<bool> TryOpenAsync(long connectionId, int max, CancellationToken cancellationToken);

    /// <summary>Frees the slot; safe to call for a connection that never got one.</summary>
    void Close(long connectionId);
}
