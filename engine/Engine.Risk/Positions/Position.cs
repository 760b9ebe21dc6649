using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// One account's position in one instrument, average-cost convention, in exact integers:
/// <list type="bullet">
/// <item>quantity: signed, in the instrument's quantity units (long &gt; 0, short &lt; 0);</item>
/// <item>entry cost: signed, in money units (price units x quantity units x multiplier units, scale = price scale +
/// quantity scale + multiplier scale), so it is exact; the average entry price is derived from it;</item>
/// <item>closing q of a position Q releases trunc(cost x q / Q) of the cost (rounded toward zero); the remainder stays
/// with the open position, so when the position reaches zero its whole cost has been released and realised P&amp;L
/// over a round trip is exact;</item>
/// <item>a fill through zero closes the whole position, then opens the remainder at the fill price.</item>
/// </list>
/// Also keeps the quantity of the account's open orders per side, which the worst-case checks count as filled.
/// Mutable; owned by the BLP thread, stored in a flat array and reached by <c>ref</c>.
/// </summary>
public struct Position
{
    internal long _quantity;
    internal long _cost;
    internal long _realisedPnl;
    internal long _fundingPnl;
    internal long _fees;
    internal long _openBuy;
    internal long _openSell;

    public readonly Quantity Quantity => new(_quantity);

    /// <summary>The entry cost of the open position in money units (negative for a short).</summary>
    public readonly Amount EntryCost => new(_cost);

    /// <summary>Realised P&amp;L since the account opened, in money units, before fees and funding.</summary>
    public readonly Amount RealisedPnl => new(_realisedPnl);

    /// <summary>Funding received (positive) or paid (negative), in money units.</summary>
    public readonly Amount FundingPnl => new(_fundingPnl);

    /// <summary>Fees paid (positive means paid), in money units.</summary>
    public readonly Amount Fees => new(_fees);

    /// <summary>Quantity of the account's open buy orders.</summary>
    public readonly Quantity OpenBuy => new(_openBuy);

    /// <summary>Quantity of the account's open sell orders.</summary>
    public readonly Quantity OpenSell => new(_openSell);

    public readonly bool IsFlat => _quantity == 0 && _openBuy == 0 && _openSell == 0;

    /// <summary>
    /// Applies a fill of <paramref name="quantity"/> units at <paramref name="price"/> units on <paramref name="side"/>;
    /// returns the realised P&amp;L in money units. Checked: an overflow throws and leaves the position unchanged.
    /// </summary>
    public long ApplyFill(Side side, long price, long quantity, long multiplier)
    {
        long signed = side == Side.Buy ? quantity : checked(-quantity);
        long position = _quantity;
        if (position == 0 || (position > 0) == (signed > 0))
        {
            long newCost = checked(_cost + MoneyOf(signed, price, multiplier));
            _quantity = checked(position + signed);
            _cost = newCost;
            return 0;
        }

        long positionAbs = Math.Abs(position);
        long fillAbs = Math.Abs(signed);
        long closeAbs = Math.Min(fillAbs, positionAbs);
        long closeSigned = position > 0 ? closeAbs : -closeAbs;

        // The share of the cost this close releases, truncated toward zero; all of it when the position closes.
        long released = closeAbs == positionAbs ? _cost : (long)((Int128)_cost * closeAbs / positionAbs);
        long realised = checked(MoneyOf(closeSigned, price, multiplier) - released);
        long remainingQuantity = position - closeSigned;
        long remainingCost = _cost - released;
        long openAbs = fillAbs - closeAbs;
        if (openAbs > 0)
        {
            // Through zero: the remainder opens a new position at the fill price.
            remainingQuantity = signed > 0 ? openAbs : -openAbs;
            remainingCost = MoneyOf(remainingQuantity, price, multiplier);
        }

        long newRealised = checked(_realisedPnl + realised);
        _quantity = remainingQuantity;
        _cost = remainingCost;
        _realisedPnl = newRealised;
        return realised;
    }

    /// <summary>Unrealised P&amp;L at <paramref name="mark"/> in money units: quantity x mark x multiplier - entry cost.</summary>
    public readonly Int128 UnrealisedAt(long mark, long multiplier) => ((Int128)_quantity * mark * multiplier) - _cost;

    /// <summary>True when <paramref name="quantity"/> on <paramref name="side"/> only reduces the position, counting open orders on that side as filled.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly bool IsReducing(Side side, long quantity)
    {
        if (side == Side.Buy)
        {
            return _quantity < 0 && (Int128)_openBuy + quantity <= -(Int128)_quantity;
        }

        return _quantity > 0 && (Int128)_openSell + quantity <= _quantity;
    }

    internal readonly void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(_quantity);
        hasher.Add(_cost);
        hasher.Add(_realisedPnl);
        hasher.Add(_fundingPnl);
        hasher.Add(_fees);
        hasher.Add(_openBuy);
        hasher.Add(_openSell);
    }

    private static long MoneyOf(long quantity, long price, long multiplier) => checked((long)((Int128)quantity * price * multiplier));
}
