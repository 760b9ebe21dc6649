namespace Engine.Ledger.Accounts;

/// <summary>
/// An account's balances in the asset's units. Pending amounts are reserved by two-phase transfers and become
/// posted (in full or in part) or are released. Immutable snapshot.
/// </summary>
public readonly record struct AccountBalance(long DebitsPending, long DebitsPosted, long CreditsPending, long CreditsPosted)
{
    /// <summary>Credits posted minus debits posted: what a credit-normal account (client cash) holds.</summary>
    public long NetCredit => CreditsPosted - DebitsPosted;

    /// <summary>What a credit-normal account can still commit: net credit less what pending debits reserve.</summary>
    public long AvailableCredit => CreditsPosted - DebitsPosted - DebitsPending;
}
