namespace Engine.Matching.Tests;

/// <summary>Collects every visited order (tests only; allocates).</summary>
public readonly struct CollectingVisitor(List<BookOrder> orders) : IOrderVisitor
{
    public List<BookOrder> Orders { get; } = orders;

    public bool Visit(in BookOrder order)
    {
        Orders.Add(order);
        return true;
    }
}
