using Engine.Primitives;
using Engine.Risk;

namespace Engine.PerfTests.Harnesses.Risk;

/// <summary>The ledger's side of the balance check, as a struct (what Core implements): always enough.</summary>
internal struct RichBalances : IAvailableBalances
{
    public long Queries;

    public bool TryGetAvailable(AccountId account, InstrumentId instrument, BalanceLeg leg, out Amount available)
    {
        Queries++;
        available = new Amount(1L << 60);
        return true;
    }
}
