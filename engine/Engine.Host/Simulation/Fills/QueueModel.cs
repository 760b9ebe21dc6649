namespace Engine.Host;

/// <summary>
/// Moves a resting order's queue position (<see cref="SimulatedOrder.QueueAhead"/>: the recorded quantity ahead of it
/// at its price) as the recorded market changes, and says how much of a trade at its price reaches it. Stateless.
/// </summary>
public abstract class QueueModel
{
    public static QueueModel For(QueueModelKind kind) => kind switch
    {
        QueueModelKind.RiskAverse => RiskAverseQueueModel.Instance,
        QueueModelKind.Probabilistic => ProbabilisticQueueModel.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown queue model"),
    };

    /// <summary>
    /// A recorded trade of <paramref name="quantity"/> at the order's own price, against its side: the trade first
    /// consumes what is ahead; what exceeds it fills the order. Returns the quantity that reaches the order (not capped
    /// by its leaves; the caller caps).
    /// </summary>
    public static long OnTradeAtPrice(SimulatedOrder order, long quantity)
    {
        ArgumentNullException.ThrowIfNull(order);
        if (quantity <= order.QueueAhead)
        {
            order.QueueAhead -= quantity;
            order.TradedSinceDepth += quantity;
            return 0;
        }

        long reaching = quantity - order.QueueAhead;
        order.TradedSinceDepth += order.QueueAhead;
        order.QueueAhead = 0;
        return reaching;
    }

    /// <summary>The recorded level at the order's price changed from <paramref name="before"/> to <paramref name="after"/> (not counting the order itself).</summary>
    public abstract void OnLevelChanged(SimulatedOrder order, long before, long after);
}
