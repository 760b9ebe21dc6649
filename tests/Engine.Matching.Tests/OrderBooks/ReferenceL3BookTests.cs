namespace Engine.Matching.Tests;

[TestFixture]
public sealed class ReferenceL3BookTests : L3BookContract
{
    protected override IL3Book CreateBook() => new ReferenceL3Book();
}
