namespace Engine.Core;

/// <summary>The type of a strategy parameter, and so how its text is read and its value stored (a long).</summary>
public enum ParameterKind
{
    /// <summary>A decimal quantity at the listing's quantity scale (stored as its mantissa).</summary>
    Quantity,

    /// <summary>A decimal price at the listing's price scale (stored as its mantissa).</summary>
    Price,

    /// <summary>A whole number (ticks, counts, basis points).</summary>
    Integer,

    /// <summary>true or false (stored as 1 or 0).</summary>
    Flag,
}
