namespace Engine.Risk;

/// <summary>
/// Whether new orders may trade, per instrument, per account and globally; the most restrictive of the three
/// applies. The numeric values are part of the journal format (admin inputs carry them).
/// </summary>
public enum TradingState : byte
{
    /// <summary>Every check applies as usual.</summary>
    Active = 0,

    /// <summary>Only orders that reduce the account's position in the instrument are accepted.</summary>
    Reducing = 1,

    /// <summary>No new order is accepted.</summary>
    Halted = 2,
}
