using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// The engine's order types in Binance's terms (parameters <c>type</c>, <c>timeInForce</c>, <c>quantity</c>,
/// <c>price</c>, <c>stopPrice</c>; USD-M also <c>reduceOnly</c> and <c>goodTillDate</c>). What a market cannot
/// express is refused here, before anything is sent, rather than approximated.
/// </summary>
public sealed partial class BinanceRequestWriter
{
    private ResultCode AppendSpotType(in VenueOrder order)
    {
        // Spot has no reduce-only flag and no Day or GoodTillDate time in force.
        if (order.ReduceOnly || order.TimeInForce is Sbe.TimeInForce.Day or Sbe.TimeInForce.GoodTillDate)
        {
            return ResultCode.InvalidOrderType;
        }

        switch (order.Type)
        {
            case Sbe.OrderType.Market when !order.PostOnly:
                _parameters.Append("&type=MARKET"u8);
                AppendQuantity(in order);
                return ResultCode.Ok;
            case Sbe.OrderType.Limit when order.PostOnly:
                // LIMIT_MAKER is spot's post-only: rejected instead of taking, resting like GTC.
                if (order.TimeInForce != Sbe.TimeInForce.GoodTillCancel)
                {
                    return ResultCode.PostOnlyRequiresLimitGtc;
                }

                _parameters.Append("&type=LIMIT_MAKER"u8);
                AppendQuantity(in order);
                AppendPrice(in order);
                return ResultCode.Ok;
            case Sbe.OrderType.Limit:
                _parameters.Append("&type=LIMIT"u8);
                AppendTimeInForce(order.TimeInForce);
                AppendQuantity(in order);
                AppendPrice(in order);
                return ResultCode.Ok;
            case Sbe.OrderType.Stop when !order.PostOnly:
                _parameters.Append("&type=STOP_LOSS"u8);
                AppendQuantity(in order);
                AppendStopPrice(in order);
                return ResultCode.Ok;
            case Sbe.OrderType.StopLimit when !order.PostOnly:
                _parameters.Append("&type=STOP_LOSS_LIMIT"u8);
                AppendTimeInForce(order.TimeInForce);
                AppendQuantity(in order);
                AppendPrice(in order);
                AppendStopPrice(in order);
                return ResultCode.Ok;
            default:
                return ResultCode.InvalidOrderType;
        }
    }

    private ResultCode AppendUsdMType(in VenueOrder order)
    {
        if (order.TimeInForce == Sbe.TimeInForce.Day)
        {
            return ResultCode.InvalidOrderType;
        }

        switch (order.Type)
        {
            case Sbe.OrderType.Market when !order.PostOnly:
                _parameters.Append("&type=MARKET"u8);
                AppendQuantity(in order);
                break;
            case Sbe.OrderType.Limit:
                _parameters.Append("&type=LIMIT"u8);
                if (order.PostOnly)
                {
                    // GTX ("good till crossing") is USD-M's post-only.
                    if (order.TimeInForce != Sbe.TimeInForce.GoodTillCancel)
                    {
                        return ResultCode.PostOnlyRequiresLimitGtc;
                    }

                    _parameters.Append("&timeInForce=GTX"u8);
                }
                else
                {
                    AppendTimeInForce(order.TimeInForce);
                }

                AppendQuantity(in order);
                AppendPrice(in order);
                break;
            case Sbe.OrderType.Stop when !order.PostOnly:
                _parameters.Append("&type=STOP_MARKET"u8);
                AppendQuantity(in order);
                AppendStopPrice(in order);
                break;
            case Sbe.OrderType.StopLimit when !order.PostOnly:
                _parameters.Append("&type=STOP"u8);
                AppendTimeInForce(order.TimeInForce);
                AppendQuantity(in order);
                AppendPrice(in order);
                AppendStopPrice(in order);
                break;
            default:
                return ResultCode.InvalidOrderType;
        }

        if (order.TimeInForce == Sbe.TimeInForce.GoodTillDate)
        {
            if (order.ExpireTimeNanos == VenueOrder.NullTime)
            {
                return ResultCode.InvalidOrderType;
            }

            _parameters.Append("&goodTillDate="u8).Append(order.ExpireTimeNanos / 1_000_000);
        }

        if (order.ReduceOnly)
        {
            _parameters.Append("&reduceOnly=true"u8);
        }

        return ResultCode.Ok;
    }

    private void AppendTimeInForce(Sbe.TimeInForce timeInForce) => _parameters.Append(timeInForce switch
    {
        Sbe.TimeInForce.ImmediateOrCancel => "&timeInForce=IOC"u8,
        Sbe.TimeInForce.FillOrKill => "&timeInForce=FOK"u8,
        Sbe.TimeInForce.GoodTillDate => "&timeInForce=GTD"u8,
        _ => "&timeInForce=GTC"u8,
    });

    private void AppendQuantity(in VenueOrder order) =>
        _parameters.Append("&quantity="u8).AppendDecimal(order.Quantity, order.QuantityScale);

    private void AppendPrice(in VenueOrder order) =>
        _parameters.Append("&price="u8).AppendDecimal(order.Price, order.PriceScale);

    private void AppendStopPrice(in VenueOrder order) =>
        _parameters.Append("&stopPrice="u8).AppendDecimal(order.StopPrice, order.PriceScale);
}
