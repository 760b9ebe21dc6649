using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// What a matching engine needs to validate an order on one listing: scales, tick, lot, minimum quantity and
/// minimum notional. <see cref="AmountScale"/> = price scale + quantity scale, so price × quantity is exact.
/// Immutable value; the hot path only compares and takes remainders.
/// </summary>
public readonly record struct TradingRules(
    int PriceScale,
    int QuantityScale,
    Price TickSize,
    Quantity LotSize,
    Quantity MinQuantity,
    Amount MinNotional,
    ContractMultiplier Multiplier)
{
    public int AmountScale => PriceScale + QuantityScale;

    /// <summary>Rules for tests and simulations: unit tick and lot, no minimums.</summary>
    public static TradingRules Unit(int priceScale = 0, int quantityScale = 0) =>
        new(priceScale, quantityScale, new Price(1), new Quantity(1), new Quantity(1), Amount.Zero, ContractMultiplier.One);

    /// <summary>Checks a limit (or protection) price and a quantity; <see cref="ResultCode.Ok"/> when acceptable.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ResultCode Validate(Price price, Quantity quantity, bool checkNotional)
    {
        if (price.Units <= 0)
        {
            return ResultCode.PriceNotPositive;
        }

        if (price.Units % TickSize.Units != 0)
        {
            return ResultCode.PriceNotOnTick;
        }

        if (quantity.Units <= 0)
        {
            return ResultCode.QuantityNotPositive;
        }

        if (quantity.Units % LotSize.Units != 0)
        {
            return ResultCode.QuantityNotOnLot;
        }

        if (quantity.Units < MinQuantity.Units)
        {
            return ResultCode.QuantityBelowMinimum;
        }

        return checkNotional && MinNotional.Units > 0 ? ValidateNotional(price, quantity) : ResultCode.Ok;
    }

    /// <summary>price × quantity × multiplier, in the amount scale (truncated); false when it overflows.</summary>
    public bool TryNotional(Price price, Quantity quantity, out Amount notional)
    {
        Int128 product = (Int128)price.Units * quantity.Units * Multiplier.Units;
        if (Multiplier.Scale > 0)
        {
            product /= FixedPointMath.Pow10(Multiplier.Scale);
        }

        if (product > long.MaxValue || product < long.MinValue)
        {
            notional = Amount.Zero;
            return false;
        }

        notional = new Amount((long)product);
        return true;
    }

    private ResultCode ValidateNotional(Price price, Quantity quantity)
    {
        if (!TryNotional(price, quantity, out Amount notional))
        {
            return ResultCode.NotionalOverflow;
        }

        return notional.Units < MinNotional.Units ? ResultCode.NotionalBelowMinimum : ResultCode.Ok;
    }
}
