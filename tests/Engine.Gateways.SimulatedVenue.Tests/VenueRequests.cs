using Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Tests;

/// <summary>Encodes the engine's order requests as the venue receives them (SBE with the standard header).</summary>
public static class VenueRequests
{
    public const ulong Account = 7;

    /// <summary>The simulated venue's id in <see cref="TestInstruments"/>: every request names the venue it is for.</summary>
    public const ushort SimVenue = 2;

    public static byte[] NewLimit(ulong clientOrderId, uint instrumentId, Side side, long price, long quantity, TimeInForce timeInForce = TimeInForce.GoodTillCancel, long sendingTime = 0, ushort venue = SimVenue) =>
        New(clientOrderId, instrumentId, side, OrderType.Limit, timeInForce, price, quantity, sendingTime, venue);

    public static byte[] NewMarket(ulong clientOrderId, uint instrumentId, Side side, long quantity) =>
        New(clientOrderId, instrumentId, side, OrderType.Market, TimeInForce.ImmediateOrCancel, PriceOptionalEncoder.MantissaNullValue, quantity, 0);

    public static byte[] New(ulong clientOrderId, uint instrumentId, Side side, OrderType type, TimeInForce timeInForce, long price, long quantity, long sendingTime, ushort venue = SimVenue)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + NewOrderEncoder.BlockLength];
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.ClientOrderId = clientOrderId;
        order.AccountId = Account;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = sendingTime;
        order.InstrumentId = instrumentId;
        order.StrategyId = 3;
        order.Side = side;
        order.OrderType = type;
        order.TimeInForce = timeInForce;
        order.Flags = 0;
        order.VenueId = venue;
        order.TriggerTime = NewOrderEncoder.TriggerTimeNullValue;
        return buffer;
    }

    /// <summary>A stop-market order (reduce-only unless told otherwise) that triggers at <paramref name="stopPrice"/>.</summary>
    public static byte[] NewStop(ulong clientOrderId, uint instrumentId, Side side, long stopPrice, long quantity, OrderFlags flags = OrderFlags.ReduceOnly)
    {
        byte[] buffer = New(clientOrderId, instrumentId, side, OrderType.Stop, TimeInForce.GoodTillCancel, PriceOptionalEncoder.MantissaNullValue, quantity, 0);
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.StopPrice.SetMantissa(stopPrice);
        order.Flags = flags;
        return buffer;
    }

    public static byte[] Cancel(ulong clientOrderId, ulong origClientOrderId, uint instrumentId, Side side)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + CancelOrderEncoder.BlockLength];
        var cancel = CancelOrderEncoder.WrapAndApplyHeader(buffer, 0);
        cancel.ClientOrderId = clientOrderId;
        cancel.OrigClientOrderId = origClientOrderId;
        cancel.OrderId = CancelOrderEncoder.OrderIdNullValue;
        cancel.AccountId = Account;
        cancel.SendingTime = 0;
        cancel.InstrumentId = instrumentId;
        cancel.Side = side;
        cancel.VenueId = SimVenue;
        cancel.TriggerTime = CancelOrderEncoder.TriggerTimeNullValue;
        return buffer;
    }

    public static byte[] Amend(ulong clientOrderId, ulong origClientOrderId, uint instrumentId, Side side, long price, long quantity)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + AmendOrderEncoder.BlockLength];
        var amend = AmendOrderEncoder.WrapAndApplyHeader(buffer, 0);
        amend.ClientOrderId = clientOrderId;
        amend.OrigClientOrderId = origClientOrderId;
        amend.OrderId = AmendOrderEncoder.OrderIdNullValue;
        amend.AccountId = Account;
        amend.Price.SetMantissa(price);
        amend.Quantity.SetMantissa(quantity);
        amend.SendingTime = 0;
        amend.InstrumentId = instrumentId;
        amend.Side = side;
        amend.VenueId = SimVenue;
        amend.TriggerTime = AmendOrderEncoder.TriggerTimeNullValue;
        return buffer;
    }

    public static byte[] CancelAll(ulong clientOrderId, uint instrumentId, Side side, ushort venue = CancelAllEncoder.VenueIdNullValue)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + CancelAllEncoder.BlockLength];
        var cancel = CancelAllEncoder.WrapAndApplyHeader(buffer, 0);
        cancel.ClientOrderId = clientOrderId;
        cancel.AccountId = Account;
        cancel.SendingTime = 0;
        cancel.InstrumentId = instrumentId;
        cancel.Side = side;
        cancel.VenueId = venue;
        return buffer;
    }
}
