using Engine.Ledger.Accounts;
using Engine.Primitives;

namespace Engine.Ledger.Postings;

/// <summary>
/// A perpetual-swap execution to post. <see cref="Contracts"/> moves the position (asset: the instrument's contracts);
/// <see cref="MarginDelta"/> (signed) moves cash into or out of margin; <see cref="RealisedPnL"/> (signed) is what
/// the fill realised on a reduced position, in the settlement asset; the fee is paid from cash.
/// Position, margin and P&amp;L figures come from the positions/risk module; the ledger records them.
/// </summary>
public readonly record struct PerpFill(
    AccountId Client,
    VenueId Venue,
    Side Side,
    AssetId ContractAsset,
    AssetId SettlementAsset,
    Amount Contracts,
    Amount MarginDelta,
    Amount RealisedPnL,
    Amount Fee,
    long TradeId);
