using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// The venue's record of one live engine order: what execution reports must repeat (ids, side, type, limit price,
/// strategy) and its fill state. Quantities are instrument mantissas; <see cref="Price"/> is
/// <see cref="Sbe.PriceOptionalEncoder.MantissaNullValue"/> for a market order. Mutable; stored by value in
/// <see cref="ClientOrderTable"/> and updated in place. Thread ownership: the venue's loop.
/// </summary>
internal struct ClientOrder
{
    /// <summary>The engine's id of the order (NewOrder.clientOrderId): unique per engine.</summary>
    public ulong ClientOrderId;

    /// <summary>The venue's id: the order's id in the matching engine.</summary>
    public long VenueOrderId;

    public ulong Account;

    /// <summary>Index of the order's instrument in the session.</summary>
    public int InstrumentIndex;

    public uint StrategyId;

    public Sbe.Side Side;

    public Sbe.OrderType OrderType;

    public Sbe.TimeInForce TimeInForce;

    public Sbe.OrderFlags Flags;

    public long Price;

    /// <summary>A stop order's trigger price; <see cref="Sbe.PriceOptionalEncoder.MantissaNullValue"/> for other types.</summary>
    public long StopPrice;

    /// <summary>A stop order waiting at the venue for its trigger (not yet in the book).</summary>
    public bool Waiting;

    /// <summary>Total quantity (filled + open).</summary>
    public long Quantity;

    public long Cumulative;

    public long Leaves;

    public readonly Sbe.OrderStatus OpenStatus => Cumulative > 0 ? Sbe.OrderStatus.PartiallyFilled : Sbe.OrderStatus.New;
}
