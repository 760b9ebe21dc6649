using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The available balances the pre-trade check compares an order with. Core implements it over the ledger (posted
/// credits minus posted debits minus pending reservations), ideally as a struct so the generic check is specialised
/// and nothing is boxed. Called on the BLP thread only.
/// </summary>
public interface IAvailableBalances
{
    /// <summary>
    /// The balance <paramref name="account"/> may spend on <paramref name="instrument"/>'s <paramref name="leg"/>:
    /// base in the instrument's quantity scale, quote and margin in its money scale
    /// (price scale + quantity scale + contract multiplier scale). False when it cannot be told: the order is
    /// rejected (fail closed).
    /// </summary>
    bool TryGetAvailable(AccountId account, InstrumentId instrument, BalanceLeg leg, out Amount available);
}
