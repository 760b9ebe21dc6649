namespace Engine.Host;

/// <summary>
/// A probabilistic queue model (hftbacktest's power-probability model with n = 2, in expectation): a level that
/// shrinks by more than the trades at it since the last depth change explain has had orders cancelled, and a
/// cancelled unit was ahead of the order with probability ahead² / (ahead² + behind²), so what is ahead shrinks by
/// that share of the unexplained reduction. Orders near the front lose little to cancellations behind them; orders
/// at the back gain most. Integer arithmetic (Int128), so every machine computes the same positions. Stateless.
/// </summary>
public sealed class ProbabilisticQueueModel : QueueModel
{
    public static ProbabilisticQueueModel Instance { get; } = new();

    public override void OnLevelChanged(SimulatedOrder order, long before, long after)
    {
        ArgumentNullException.ThrowIfNull(order);
        long reduction = before - after - order.TradedSinceDepth;
        order.TradedSinceDepth = 0;
        if (after <= 0)
        {
            order.QueueAhead = 0;
            return;
        }

        if (reduction > 0 && order.QueueAhead > 0)
        {
            long ahead = order.QueueAhead;
            long behind = Math.Max(0, before - ahead);
            Int128 aheadSquared = (Int128)ahead * ahead;
            Int128 total = aheadSquared + ((Int128)behind * behind);
            long share = total == 0 ? reduction : (long)((Int128)reduction * aheadSquared / total);
            order.QueueAhead = Math.Max(0, ahead - share);
        }

        order.QueueAhead = Math.Min(order.QueueAhead, after);
    }
}
