namespace Engine.Ledger.Accounts;

/// <summary>
/// What an account records. The chart of accounts (see <see cref="Postings.TradingPostings"/>):
/// a client's <see cref="Cash"/> is credited with what the client owns; the client's other accounts are the named
/// sources and sinks of its cash movements, so their balances read as totals (fees paid, P&amp;L realised, ...).
/// </summary>
public enum AccountType : byte
{
    /// <summary>Free balance of an asset. Client cash may not be overdrawn.</summary>
    Cash = 1,

    /// <summary>A derivative position in contracts: net credit is long, net debit is short.</summary>
    Position = 2,

    /// <summary>Fees paid: net credit is the total paid.</summary>
    Fees = 3,

    /// <summary>Realised P&amp;L: net debit is the profit realised (cash flowed out of it to the client).</summary>
    RealisedPnL = 4,

    /// <summary>Margin held against open derivative positions.</summary>
    Margin = 5,

    /// <summary>Funding payments on perpetuals: net debit is funding received.</summary>
    FundingPnL = 6,
}
