using Engine.Gateways.Venues.OrderEntry;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// One engine order the adapter sent to Binance: what the engine asked for, what Binance has said of it, and what the
/// engine has been told. Guarded by its <see cref="BinanceOrderTracker"/>'s lock.
/// </summary>
internal sealed class BinanceTrackedOrder
{
    public BinanceTrackedOrder(ulong engineOrderId, OrderEntryInstrument instrument)
    {
        EngineOrderId = engineOrderId;
        Instrument = instrument;
    }

    /// <summary>The engine's id of the order (NewOrder.clientOrderId), also its Binance client id after the prefix.</summary>
    public ulong EngineOrderId { get; }

    public OrderEntryInstrument Instrument { get; }

    public ulong Account { get; set; }

    public uint StrategyId { get; set; }

    public Sbe.Side Side { get; set; }

    public Sbe.OrderType OrderType { get; set; }

    public Sbe.TimeInForce TimeInForce { get; set; }

    public Sbe.OrderFlags Flags { get; set; }

    public long Price { get; set; } = VenueOrder.NullPrice;

    public long StopPrice { get; set; } = VenueOrder.NullPrice;

    public long Quantity { get; set; }

    public long ExpireTimeNanos { get; set; } = VenueOrder.NullTime;

    /// <summary>Filled so far, as reported to the engine.</summary>
    public long Cumulative { get; set; }

    /// <summary>
    /// An order an earlier gateway process sent, adopted from the engine's list (OpenVenueOrder): true until its
    /// trades were read from Binance once (<c>myTrades</c> by order id).
    /// </summary>
    public bool IsAdopted { get; set; }

    /// <summary>
    /// Of an adopted order: what the engine had been told had filled when it listed the order. A venue fill that
    /// brings the order's cumulative quantity to at most this was reported by the process before, and is not again.
    /// </summary>
    public long FilledAtAdoption { get; set; }

    /// <summary>Binance's order id; 0 until an answer or an event names it.</summary>
    public long VenueOrderId { get; set; }

    public BinanceTrackedOrderState State { get; set; }

    /// <summary>The <c>timestamp</c> of the new-order request (Binance's clock): past it plus recvWindow, Binance can no longer accept that request.</summary>
    public long SentTimestampMillis { get; set; }

    /// <summary>Queries made while its fate is unknown.</summary>
    public int UnknownQueries { get; set; }

    /// <summary>Our clock (UTC ms) when it closed; 0 while open.</summary>
    public long ClosedAtMillis { get; set; }

    /// <summary>The engine's id of the last cancel request for it (0: none).</summary>
    public ulong CancelRequestId { get; set; }

    /// <summary>The engine's id of the amend in flight (0: none), with the price and total quantity it asks for.</summary>
    public ulong AmendRequestId { get; set; }

    public long AmendPrice { get; set; }

    public long AmendQuantity { get; set; }

    public long Leaves => Math.Max(0, Quantity - Cumulative);

    public bool IsOpen => State != BinanceTrackedOrderState.Closed;

    /// <summary>The order as the request writer takes it.</summary>
    public VenueOrder ToVenueOrder(ulong requestId) => new()
    {
        Symbol = Instrument.Symbol,
        PriceScale = Instrument.PriceScale,
        QuantityScale = Instrument.QuantityScale,
        ClientOrderId = requestId,
        OrigClientOrderId = EngineOrderId,
        Side = Side,
        Type = OrderType,
        TimeInForce = TimeInForce,
        Flags = Flags,
        Price = Price,
        StopPrice = StopPrice,
        Quantity = Quantity,
        ExpireTimeNanos = ExpireTimeNanos,
    };
}
