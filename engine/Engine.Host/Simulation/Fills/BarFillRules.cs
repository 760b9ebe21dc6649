namespace Engine.Host;

/// <summary>
/// How orders fill on bar-only data (klines), where neither the book nor the trades are known (docs/FILL-SIMULATION.md,
/// flagged in the report as less realistic). When a bar closes, for every order that was at the venue before it:
/// a market order fills whole at the bar's open (taker); a limit buy priced at or above the open fills whole at the
/// open (it was marketable when the bar opened: taker); else a limit buy fills whole at its price when the bar's low
/// went below it (maker; a low that only touches the price does not fill: the queue there is unknown). Sells mirror
/// it with the high. Stateless.
/// </summary>
public static class BarFillRules
{
    public static void Apply(IReadOnlyList<SimulatedOrder> orders, long open, long high, long low, long time, IFillReporter reporter)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(reporter);
        for (int i = 0; i < orders.Count; i++)
        {
            SimulatedOrder order = orders[i];
            if (order.Leaves == 0)
            {
                continue;
            }

            if (order.IsMarket || (order.IsBuy ? open <= order.Price : open >= order.Price))
            {
                if (!order.IsMarket && order.IsPostOnly)
                {
                    // A post-only order is never a taker: at an open through its price it rests on (it would have been rejected had the venue known).
                    continue;
                }

                reporter.OnFill(order, open, order.Leaves, isMaker: false, time);
            }
            else if (order.IsBuy ? low < order.Price : high > order.Price)
            {
                reporter.OnFill(order, order.Price, order.Leaves, isMaker: true, time);
            }
        }
    }
}
