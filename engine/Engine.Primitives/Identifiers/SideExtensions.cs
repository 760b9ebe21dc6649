using System.Runtime.CompilerServices;

namespace Engine.Primitives;

/// <summary>Small helpers on <see cref="Side"/>.</summary>
public static class SideExtensions
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Side Opposite(this Side side) => side == Side.Buy ? Side.Sell : Side.Buy;

    /// <summary>True when a price of <paramref name="taker"/> side at <paramref name="limit"/> reaches <paramref name="resting"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Crosses(this Side taker, Price limit, Price resting) =>
        taker == Side.Buy ? limit.Units >= resting.Units : limit.Units <= resting.Units;
}
