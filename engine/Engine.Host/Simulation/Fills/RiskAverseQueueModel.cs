namespace Engine.Host;

/// <summary>
/// hftbacktest's risk-averse queue model: the order advances only by trades at its price (the quantity traded comes
/// off what is ahead); a level that shrinks caps what is ahead at the level's new size (the order cannot have more
/// ahead than there is), and a level that grows puts the new quantity behind it. Pessimistic: cancellations never
/// help. Stateless.
/// </summary>
public sealed class RiskAverseQueueModel : QueueModel
{
    public static RiskAverseQueueModel Instance { get; } = new();

    public override void OnLevelChanged(SimulatedOrder order, long before, long after)
    {
        ArgumentNullException.ThrowIfNull(order);
        order.QueueAhead = Math.Min(order.QueueAhead, Math.Max(0, after));
        order.TradedSinceDepth = 0;
    }
}
