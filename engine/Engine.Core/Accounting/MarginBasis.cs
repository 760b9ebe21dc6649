using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// What a derivative order's margin reservation depends on: the account's position in the instrument, the quantity
/// of its other open orders on the order's side, and the initial margin rate. Only the part of an order that opens or
/// increases the position needs margin. Immutable.
/// </summary>
public readonly record struct MarginBasis(long Position, long OtherOpenOnSide, int InitialMarginBps)
{
    /// <summary>The basis for an order on <paramref name="side"/>, with <paramref name="excludedOpen"/> of the open quantity being the order's own.</summary>
    public static MarginBasis From(in Position position, Side side, long excludedOpen, int initialMarginBps)
    {
        long open = side == Side.Buy ? position.OpenBuy.Units : position.OpenSell.Units;
        return new MarginBasis(position.Quantity.Units, Math.Max(0, open - excludedOpen), initialMarginBps);
    }

    /// <summary>
    /// The quantity of an order of <paramref name="quantity"/> on <paramref name="side"/> that opens or increases the
    /// position, counting the other open orders on that side as filled first.
    /// </summary>
    public long OpeningQuantity(Side side, long quantity)
    {
        long reducible = 0;
        if (side == Side.Buy && Position < 0)
        {
            reducible = Math.Max(0, -Position - OtherOpenOnSide);
        }
        else if (side == Side.Sell && Position > 0)
        {
            reducible = Math.Max(0, Position - OtherOpenOnSide);
        }

        return Math.Max(0, quantity - reducible);
    }
}
