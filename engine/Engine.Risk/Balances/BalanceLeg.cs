namespace Engine.Risk;

/// <summary>Which balance an order spends; the numeric values are stable (journaled through Core's queries).</summary>
public enum BalanceLeg : byte
{
    /// <summary>A spot buy spends the quote asset, in the instrument's money scale.</summary>
    Quote = 0,

    /// <summary>A spot sell spends the base asset, in the instrument's quantity scale.</summary>
    Base = 1,

    /// <summary>A derivative order needs initial margin in the settle asset, in the instrument's money scale.</summary>
    Margin = 2,
}
