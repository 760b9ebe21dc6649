namespace Engine.Primitives;

/// <summary>The side of an order or a book. The numeric values are part of the wire and hash formats.</summary>
public enum Side : byte
{
    Buy = 0,
    Sell = 1,
}
