namespace Engine.Model;

/// <summary>Execution instructions that combine with any order type.</summary>
[Flags]
public enum OrderFlags : byte
{
    None = 0,

    /// <summary>Rejected instead of taking liquidity (GTC limit only).</summary>
    PostOnly = 1,

    /// <summary>May only reduce the account's position; the quantity is capped at the position.</summary>
    ReduceOnly = 2,
}
