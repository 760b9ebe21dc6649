using Engine.Matching;

namespace Engine.Core;

/// <summary>Collects a book side's orders in priority order into a list (snapshots only: a rare path). Stack-only value.</summary>
internal readonly struct BookOrderCollector(List<BookOrder> orders) : IOrderVisitor
{
    public List<BookOrder> Orders => orders;

    public bool Visit(in BookOrder order)
    {
        orders.Add(order);
        return true;
    }
}
