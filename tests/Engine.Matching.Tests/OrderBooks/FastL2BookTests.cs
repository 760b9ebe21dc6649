namespace Engine.Matching.Tests;

[TestFixture]
public sealed class FastL2BookTests : L2BookContract
{
    protected override IL2Book CreateBook() => new FastL2Book(levelCapacity: 2);
}
