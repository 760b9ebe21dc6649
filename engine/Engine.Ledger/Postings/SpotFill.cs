using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Postings;

/// <summary>
/// A spot execution to post: the client bought or sold <see cref="BaseAmount"/> for <see cref="QuoteAmount"/> at a
/// venue, paying <see cref="Fee"/> in <see cref="FeeAsset"/>. When the order had a reservation (pending transfer of
/// what it spends), the fill posts it and re-reserves <see cref="ReservationRemainder"/> for the rest of the order.
/// </summary>
public readonly record struct SpotFill(
    AccountId Client,
    VenueId Venue,
    Side Side,
    AssetId Base,
    AssetId Quote,
    Amount BaseAmount,
    Amount QuoteAmount,
    AssetId FeeAsset,
    Amount Fee,
    long TradeId,
    TransferId Reservation = default,
    Amount ReservationRemainder = default);
