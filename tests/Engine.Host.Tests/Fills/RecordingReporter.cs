using Engine.Primitives;

namespace Engine.Host.Tests.Fills;

/// <summary>Applies and records what a <see cref="ListingFillModel"/> reports, as the venue would (leaves and cumulative move with each fill).</summary>
internal sealed class RecordingReporter : IFillReporter
{
    public List<(long Price, long Quantity, bool IsMaker)> Fills { get; } = [];

    public List<ResultCode> Expired { get; } = [];

    public void OnFill(SimulatedOrder order, long price, long quantity, bool isMaker, long time)
    {
        order.Cumulative += quantity;
        order.Leaves -= quantity;
        Fills.Add((price, quantity, isMaker));
    }

    public void OnExpired(SimulatedOrder order, ResultCode reason, long time)
    {
        order.Leaves = 0;
        Expired.Add(reason);
    }

    public static SimulatedOrder Limit(Codecs.Side side, long price, long quantity, Codecs.TimeInForce timeInForce = Codecs.TimeInForce.GoodTillCancel, Codecs.OrderFlags flags = 0) => new()
    {
        ClientOrderId = 1,
        VenueOrderId = 1,
        Side = side,
        OrderType = Codecs.OrderType.Limit,
        TimeInForce = timeInForce,
        Flags = flags,
        Price = price,
        Quantity = quantity,
        Leaves = quantity,
    };

    public static SimulatedOrder Market(Codecs.Side side, long quantity) => new()
    {
        ClientOrderId = 2,
        VenueOrderId = 2,
        Side = side,
        OrderType = Codecs.OrderType.Market,
        TimeInForce = Codecs.TimeInForce.ImmediateOrCancel,
        Price = Codecs.PriceOptionalEncoder.MantissaNullValue,
        Quantity = quantity,
        Leaves = quantity,
    };
}
