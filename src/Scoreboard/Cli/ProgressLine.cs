namespace Scoreboard.Cli;

/// <summary>Long work reports on stderr every tenth of the way, so a terminal sees it move and a log stays short.</summary>
public sealed class ProgressLine(string what) : IProgress<double>
{
    private int _tenths = -1;

    public void Report(double value)
    {
        var tenths = (int)Math.Floor(Math.Clamp(value, 0, 1) * 10);
        if (tenths > _tenths)
        {
            _tenths = tenths;
            Console.Error.WriteLine($"scoreboard: {what}: {tenths * 10}%");
        }
    }
}
