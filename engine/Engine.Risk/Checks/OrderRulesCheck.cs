using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>A listing's order rules as the pre-trade check applies them: stateless, allocation-free.</summary>
internal static class OrderRulesCheck
{
    /// <summary>
    /// The listing's tick, lot, minimum quantity and minimum notional, with the same outcome as
    /// <see cref="TradingRules.Validate"/> (a test checks it) but no division when tick or lot is one unit and none
    /// for the minimum notional: trunc(price x quantity x multiplier / 10^multiplier scale) &lt; minimum exactly when
    /// price x quantity x multiplier &lt; minimum x 10^multiplier scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ResultCode Check(in TradingRules rules, Int128 minNotionalScaled, long multiplier, long price, long quantity)
    {
        if (price <= 0)
        {
            return ResultCode.PriceNotPositive;
        }

        long tick = rules.TickSize.Units;
        if (tick != 1 && price % tick != 0)
        {
            return ResultCode.PriceNotOnTick;
        }

        if (quantity <= 0)
        {
            return ResultCode.QuantityNotPositive;
        }

        long lot = rules.LotSize.Units;
        if (lot != 1 && quantity % lot != 0)
        {
            return ResultCode.QuantityNotOnLot;
        }

        if (quantity < rules.MinQuantity.Units)
        {
            return ResultCode.QuantityBelowMinimum;
        }

        if (minNotionalScaled > 0 && (Int128)price * quantity * multiplier < minNotionalScaled)
        {
            return ResultCode.NotionalBelowMinimum;
        }

        return ResultCode.Ok;
    }
}
