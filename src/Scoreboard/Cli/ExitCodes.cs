namespace Scoreboard.Cli;

/// <summary>What every verb's exit code means (docs/cli.md).</summary>
public static class ExitCodes
{
    public const int Done = 0;

    /// <summary>The work was tried and failed: an unknown key, Redis unavailable, a file that cannot be written.</summary>
    public const int Failed = 1;

    /// <summary>Refused before any work: bad usage or settings, the data folder held by another process, the port in use.</summary>
    public const int Refused = 2;
}

/// <summary>A verb refuses to run; the message is the one line the operator sees, and the exit code is 2.</summary>
public sealed class CommandRefusedException(string message) : Exception(message);
