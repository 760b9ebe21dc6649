using Engine.Primitives;

namespace Engine.Risk.Tests;

/// <summary>
/// Available balances as a struct (what Core does over the ledger): one figure per leg for every account and
/// instrument, or "cannot tell". Rich by default.
/// </summary>
internal struct TestBalances : IAvailableBalances
{
    public long Quote;
    public long Base;
    public long Margin;
    public bool Unavailable;
    public int Queries;

    public static TestBalances Rich => new() { Quote = long.MaxValue, Base = long.MaxValue, Margin = long.MaxValue };

    public bool TryGetAvailable(AccountId account, InstrumentId instrument, BalanceLeg leg, out Amount available)
    {
        Queries++;
        available = new Amount(leg switch
        {
            BalanceLeg.Quote => Quote,
            BalanceLeg.Base => Base,
            _ => Margin,
        });
        return !Unavailable;
    }
}
