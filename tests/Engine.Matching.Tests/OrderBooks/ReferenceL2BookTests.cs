namespace Engine.Matching.Tests;

[TestFixture]
public sealed class ReferenceL2BookTests : L2BookContract
{
    protected override IL2Book CreateBook() => new ReferenceL2Book();
}
