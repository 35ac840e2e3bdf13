namespace Scoreboard.Live;

/// <summary>Live connections open from each client address on this instance; an address leaves the map with its last one.</summary>
internal sealed class AddressCounts
{
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);

    /// <summary>Counts one more connection from <paramref name="address"/> unless it already holds <paramref name="max"/>.</summary>
    public bool TryTake(string address, int max)
    {
        lock (_open)
        {
            var open = _open.GetValueOrDefault(address);
            if (open >= max)
            {
                return false;
            }

            _open[address] = open + 1;
            return true;
        }
    }

    public void Return(string address)
    {
        lock (_open)
        {
            if (_open.TryGetValue(address, out var open) && open > 1)
            {
                _open[address] = open - 1;
            }
            else
            {
                _open.Remove(address);
            }
        }
    }
}
