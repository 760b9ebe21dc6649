using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The account's position in the instrument as the check counts it: its quantity and its open orders per side,
/// without the open quantity an amend replaces. A read-only view: the check never writes the position.
/// </summary>
internal readonly ref struct OpenPosition
{
    public readonly long Quantity;
    public readonly long OpenBuy;
    public readonly long OpenSell;

    public OpenPosition(ref Position position, Side side, long excludedOpen)
    {
        Quantity = position._quantity;
        OpenBuy = side == Side.Buy ? position._openBuy - Math.Min(excludedOpen, position._openBuy) : position._openBuy;
        OpenSell = side == Side.Sell ? position._openSell - Math.Min(excludedOpen, position._openSell) : position._openSell;
    }

    /// <summary>True when <paramref name="quantity"/> on <paramref name="side"/> only reduces the position, counting open orders on that side as filled.</summary>
    public bool IsReducing(Side side, long quantity) => side == Side.Buy
        ? Quantity < 0 && (Int128)OpenBuy + quantity <= -(Int128)Quantity
        : Quantity > 0 && (Int128)OpenSell + quantity <= Quantity;

    /// <summary>True when <paramref name="quantity"/> on <paramref name="side"/> only reduces the position as it is, its open orders aside.</summary>
    public bool ReducesAlone(Side side, long quantity) => side == Side.Buy
        ? Quantity < 0 && quantity <= -(Int128)Quantity
        : Quantity > 0 && quantity <= Quantity;
}
