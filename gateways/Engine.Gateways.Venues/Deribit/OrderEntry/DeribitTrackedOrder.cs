using Engine.Gateways.Venues.OrderEntry;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// One engine order the adapter sent to Deribit: what the engine asked for, what Deribit has said of it, and what the
/// engine has been told. Guarded by its <see cref="DeribitOrderTracker"/>'s lock.
/// </summary>
internal sealed class DeribitTrackedOrder
{
    public DeribitTrackedOrder(ulong engineOrderId, OrderEntryInstrument instrument, string currency)
    {
        EngineOrderId = engineOrderId;
        Instrument = instrument;
        Currency = currency;
    }

    /// <summary>The engine's id of the order (NewOrder.clientOrderId), also its Deribit label after the prefix.</summary>
    public ulong EngineOrderId { get; }

    public OrderEntryInstrument Instrument { get; }

    /// <summary>The instrument's currency (BTC, ETH): label queries are per currency.</summary>
    public string Currency { get; }

    public ulong Account { get; set; }

    public uint StrategyId { get; set; }

    public Sbe.Side Side { get; set; }

    public Sbe.OrderType OrderType { get; set; }

    public Sbe.TimeInForce TimeInForce { get; set; }

    public Sbe.OrderFlags Flags { get; set; }

    public long Price { get; set; } = VenueOrder.NullPrice;

    public long StopPrice { get; set; } = VenueOrder.NullPrice;

    public long Quantity { get; set; }

    /// <summary>Filled so far, as reported to the engine.</summary>
    public long Cumulative { get; set; }

    /// <summary>Deribit's order id; null until an answer or a notification names it.</summary>
    public string? VenueOrderId { get; set; }

    public DeribitTrackedOrderState State { get; set; }

    /// <summary>The <c>valid_until</c> the new-order request carried (Deribit's clock): past it, Deribit can no longer place that request.</summary>
    public long ValidUntilMillis { get; set; }

    /// <summary>Our clock (UTC ms) when it closed; 0 while open.</summary>
    public long ClosedAtMillis { get; set; }

    /// <summary>The engine's id of the last cancel request for it (0: none): a cancel is reported under it.</summary>
    public ulong CancelRequestId { get; set; }

    /// <summary>The engine's id of the amend in flight (0: none), with the price and total quantity it asks for.</summary>
    public ulong AmendRequestId { get; set; }

    public long AmendPrice { get; set; }

    public long AmendQuantity { get; set; }

    /// <summary>Cancels sent for it that Deribit answered with its "maybe" (11094, 13028, 10040): repeated up to three times.</summary>
    public int CancelRetries { get; set; }

    /// <summary>The amend in flight got no answer: the next look at the order (a label query) settles it.</summary>
    public bool AmendUnanswered { get; set; }

    public long Leaves => Math.Max(0, Quantity - Cumulative);

    public bool IsOpen => State != DeribitTrackedOrderState.Closed;

    /// <summary>The venue id as the engine's report carries it (Deribit's order ids are decimal strings; 0 when not a number or not known).</summary>
    public ulong VenueOrderNumber => ulong.TryParse(VenueOrderId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out ulong id) ? id : 0;
}
