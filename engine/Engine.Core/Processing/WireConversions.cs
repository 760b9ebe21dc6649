using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>Maps the wire's SBE enums to the domain's and back; an unknown wire value maps to false, never to a guess.</summary>
public static class WireConversions
{
    public static bool TryToSide(Sbe.Side wire, out Side side)
    {
        side = wire == Sbe.Side.Sell ? Side.Sell : Side.Buy;
        return wire is Sbe.Side.Buy or Sbe.Side.Sell;
    }

    public static bool TryToSide(Sbe.BookSide wire, out Side side)
    {
        side = wire == Sbe.BookSide.Ask ? Side.Sell : Side.Buy;
        return wire is Sbe.BookSide.Bid or Sbe.BookSide.Ask;
    }

    public static Sbe.Side ToWire(Side side) => side == Side.Buy ? Sbe.Side.Buy : Sbe.Side.Sell;

    public static bool TryToOrderType(Sbe.OrderType wire, out OrderType type)
    {
        type = wire switch
        {
            Sbe.OrderType.Market => OrderType.Market,
            Sbe.OrderType.Stop => OrderType.StopMarket,
            Sbe.OrderType.StopLimit => OrderType.StopLimit,
            _ => OrderType.Limit,
        };
        return wire is Sbe.OrderType.Market or Sbe.OrderType.Limit or Sbe.OrderType.Stop or Sbe.OrderType.StopLimit;
    }

    /// <summary>The wire's <c>Stop</c> is the engine's StopMarket (a stop that trades as a market order).</summary>
    public static Sbe.OrderType ToWire(OrderType type) => type switch
    {
        OrderType.Market => Sbe.OrderType.Market,
        OrderType.StopMarket => Sbe.OrderType.Stop,
        OrderType.StopLimit => Sbe.OrderType.StopLimit,
        _ => Sbe.OrderType.Limit,
    };

    public static bool TryToTimeInForce(Sbe.TimeInForce wire, out TimeInForce timeInForce)
    {
        timeInForce = wire switch
        {
            Sbe.TimeInForce.ImmediateOrCancel => TimeInForce.Ioc,
            Sbe.TimeInForce.FillOrKill => TimeInForce.Fok,
            _ => TimeInForce.Gtc,
        };
        return wire is Sbe.TimeInForce.GoodTillCancel or Sbe.TimeInForce.ImmediateOrCancel or Sbe.TimeInForce.FillOrKill;
    }

    public static Sbe.TimeInForce ToWire(TimeInForce timeInForce) => timeInForce switch
    {
        TimeInForce.Ioc => Sbe.TimeInForce.ImmediateOrCancel,
        TimeInForce.Fok => Sbe.TimeInForce.FillOrKill,
        _ => Sbe.TimeInForce.GoodTillCancel,
    };

    public static OrderFlags ToOrderFlags(Sbe.OrderFlags wire)
    {
        OrderFlags flags = OrderFlags.None;
        if ((wire & Sbe.OrderFlags.PostOnly) != 0)
        {
            flags |= OrderFlags.PostOnly;
        }

        if ((wire & Sbe.OrderFlags.ReduceOnly) != 0)
        {
            flags |= OrderFlags.ReduceOnly;
        }

        return flags;
    }

    public static Sbe.OrderFlags ToWire(OrderFlags flags)
    {
        Sbe.OrderFlags wire = 0;
        if ((flags & OrderFlags.PostOnly) != 0)
        {
            wire |= Sbe.OrderFlags.PostOnly;
        }

        if ((flags & OrderFlags.ReduceOnly) != 0)
        {
            wire |= Sbe.OrderFlags.ReduceOnly;
        }

        return wire;
    }

    /// <summary>A nullable wire price (int64 min is null) as a domain price, 0 for null.</summary>
    public static Price ToPrice(long mantissa) => mantissa == long.MinValue ? Price.Zero : new Price(mantissa);
}
