namespace Scoreboard.Storage;

/// <summary>The store could not be reached or could not commit; nothing was applied and the caller may retry.</summary>
/// <remarks>
/// <see cref="OutcomeUnknown"/> is true when the store failed while committing: the transaction may have reached the
/// database, so the caller cannot be told that nothing was applied. Retrying with the same action id is safe either way.
/// </remarks>
public sealed class StoreUnavailableException(string message, Exception? inner = null, bool outcomeUnknown = false) : Exception(message, inner)
{
    public bool OutcomeUnknown => outcomeUnknown;
}

/// <summary>The store lost contact while committing: the credits may or may not have been applied.</summary>
public sealed class CommitOutcomeUnknownException(Exception inner) : Exception("The commit was sent but not confirmed.", inner);
