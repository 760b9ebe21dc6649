namespace Engine.Matching.Tests;

[TestFixture]
public sealed class FastL3BookTests : L3BookContract
{
    // Small pools, so the contract also exercises growth.
    protected override IL3Book CreateBook() => new FastL3Book(orderCapacity: 16, levelCapacity: 4);
}
