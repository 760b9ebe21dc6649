using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>
/// One order as a venue's request writer needs it: the engine's fields (SBE enums, fixed-point units at the listing's
/// scales) plus the venue's symbol. The adapter fills it from a NewOrder on egress, or from its own record of an open
/// order for an amend or a cancel. A plain mutable struct passed by reference, so a request is built without
/// allocating.
/// </summary>
public struct VenueOrder
{
    /// <summary>The venue's symbol in UTF-8 (<c>BTCUSDT</c>), from the listing.</summary>
    public byte[] Symbol;

    public int PriceScale;

    public int QuantityScale;

    /// <summary>The engine's id of the request that creates or changes the order: its venue client id.</summary>
    public ulong ClientOrderId;

    /// <summary>For a cancel or an amend: the venue client id of the order it targets.</summary>
    public ulong OrigClientOrderId;

    public Sbe.Side Side;

    public Sbe.OrderType Type;

    public Sbe.TimeInForce TimeInForce;

    public Sbe.OrderFlags Flags;

    /// <summary>Limit price in units; <see cref="NullPrice"/> for market orders.</summary>
    public long Price;

    /// <summary>Trigger price in units of stop orders; <see cref="NullPrice"/> otherwise.</summary>
    public long StopPrice;

    /// <summary>The quantity to send, in units (for a spot cancel-replace: the new order's, i.e. what is left to fill).</summary>
    public long Quantity;

    /// <summary>Expiry of a GoodTillDate order (UTC ns); <see cref="NullTime"/> otherwise.</summary>
    public long ExpireTimeNanos;

    public const long NullPrice = Sbe.PriceOptionalEncoder.MantissaNullValue;

    public const long NullTime = long.MinValue;

    public readonly bool PostOnly => (Flags & Sbe.OrderFlags.PostOnly) != 0;

    public readonly bool ReduceOnly => (Flags & Sbe.OrderFlags.ReduceOnly) != 0;
}
