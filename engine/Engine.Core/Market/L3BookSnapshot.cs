using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// An L3 book in a BLP snapshot: each side's orders in priority order, so adding them back in turn restores every
/// level's FIFO queue. Used for the market's L3 mirrors and the internal crossing books. Snapshots only: a rare path.
/// </summary>
internal static class L3BookSnapshot
{
    public static void Write(SnapshotWriter writer, IL3Book book, List<BookOrder> scratch)
    {
        var orders = new BookOrderCollector(scratch);
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            scratch.Clear();
            book.VisitOrders(side, ref orders);
            writer.WriteArray<BookOrder>(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scratch));
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote into an empty <paramref name="book"/>; <paramref name="what"/> names it in errors.</summary>
    public static void Read(SnapshotReader reader, IL3Book book, string what)
    {
        foreach (Side side in (ReadOnlySpan<Side>)[Side.Buy, Side.Sell])
        {
            foreach (BookOrder order in reader.ReadArray<BookOrder>())
            {
                if (order.Side != side || order.Quantity.Units <= 0 || !book.Add(order))
                {
                    throw new SnapshotFormatException($"snapshot: {what} holds an invalid or duplicate order {order.OrderId.Value}");
                }
            }
        }
    }
}
