namespace Engine.Host;

/// <summary>
/// One engine order at a dataset's simulated venue: what its execution reports repeat, its fill state, and where it
/// stands in the recorded queue of its price level. Prices and quantities are the listing's mantissas; a market
/// order's <see cref="Price"/> is <see cref="Codecs.PriceOptionalEncoder.MantissaNullValue"/>. Mutable; owned by the
/// simulation's thread.
/// </summary>
public sealed class SimulatedOrder
{
    /// <summary>The engine's id of the order (NewOrder.clientOrderId).</summary>
    public ulong ClientOrderId { get; init; }

    /// <summary>The venue's id, from 1 per run.</summary>
    public long VenueOrderId { get; init; }

    public ulong Account { get; init; }

    public uint StrategyId { get; init; }

    public uint InstrumentId { get; init; }

    public Codecs.Side Side { get; init; }

    public Codecs.OrderType OrderType { get; init; }

    public Codecs.TimeInForce TimeInForce { get; init; }

    public Codecs.OrderFlags Flags { get; init; }

    public long Price { get; set; }

    /// <summary>Total quantity (filled + open).</summary>
    public long Quantity { get; set; }

    public long Cumulative { get; set; }

    public long Leaves { get; set; }

    /// <summary>The recorded quantity ahead of the order at its price, as the queue model keeps it.</summary>
    public long QueueAhead { get; set; }

    /// <summary>Trades at the order's price since the level's last depth change (the probabilistic model's "explained" reduction).</summary>
    public long TradedSinceDepth { get; set; }

    /// <summary>The engine time the NewOrder left the engine: a fill's latency is measured from it.</summary>
    public long SentNanos { get; init; }

    public bool IsBuy => Side == Codecs.Side.Buy;

    public bool IsMarket => OrderType == Codecs.OrderType.Market;

    public bool IsPostOnly => (Flags & Codecs.OrderFlags.PostOnly) != 0;

    public Codecs.OrderStatus OpenStatus => Cumulative > 0 ? Codecs.OrderStatus.PartiallyFilled : Codecs.OrderStatus.New;
}
