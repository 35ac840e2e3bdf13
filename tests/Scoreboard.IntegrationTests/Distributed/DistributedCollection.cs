namespace Scoreboard.IntegrationTests.Distributed;

/// <summary>
/// The tests that start several servers, bursts and faults run one at a time and apart from the rest of the suite,
/// so their load never competes with other tests' timing on a small CI machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DistributedCollection
{
    public const string Name = "distributed servers";
}
