using Engine.Ledger.Accounts;

namespace Engine.Ledger;

/// <summary>
/// Totals of debits and credits per asset, posted and pending, summed in 128 bits so no total can overflow.
/// Double entry makes debits equal credits for every asset; <see cref="IsBalanced"/> checks it. Immutable.
/// </summary>
public sealed class TrialBalance
{
    public TrialBalance(IReadOnlyDictionary<AssetId, AssetTotals> totals) => Totals = totals;

    /// <summary>Per asset, in asset order.</summary>
    public IReadOnlyDictionary<AssetId, AssetTotals> Totals { get; }

    public bool IsBalanced
    {
        get
        {
            foreach (AssetTotals totals in Totals.Values)
            {
                if (!totals.IsBalanced)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public readonly record struct AssetTotals(Int128 DebitsPosted, Int128 CreditsPosted, Int128 DebitsPending, Int128 CreditsPending)
    {
        public bool IsBalanced => DebitsPosted == CreditsPosted && DebitsPending == CreditsPending;
    }
}
