using Engine.Ledger.Transfers;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The BLP's record of one open engine order: the listing it was sent to (venue and instrument), what it asked for,
/// what has filled, and <see cref="Reservation"/>, the ledger's pending transfer that holds what the rest of the order
/// may spend (a derivative's: the margin of the part that opens or increases the position).
/// Mutable slot in <see cref="OrderTable"/>; owned by the BLP thread.
/// </summary>
public struct OrderRecord
{
    public OrderId Id;
    public AccountId Account;
    public StrategyId Strategy;
    public InstrumentId Instrument;
    public ListingId Listing;
    public Side Side;
    public OrderType Type;
    public TimeInForce TimeInForce;
    public OrderFlags Flags;
    public Price Price;
    public Quantity Quantity;
    public Quantity Filled;
    public OrderState State;
    public TransferId Reservation;
    public long VenueOrderId;
    public long CreatedTime;

    /// <summary>While an amend is pending: the requested price and total quantity, and the funds held for them.</summary>
    public Price PendingPrice;
    public Quantity PendingQuantity;
    public TransferId PendingReservation;

    /// <summary>A stop order's trigger price (zero for other types).</summary>
    public Price StopPrice;

    /// <summary>
    /// Placed by <see cref="ProtectiveStops"/> for the account (its protective stop, or the reduce-only market order that
    /// closes an unprotectable position): mass cancels (kill switch, dead-man switch, cancel-all) leave it alone.
    /// </summary>
    public bool IsProtective;

    /// <summary>
    /// True when risk counts the order's open quantity as open on its side. A reduce-only stop is not counted: the
    /// venue caps it at the position when it triggers, so it can never add exposure, and counting it would make every
    /// other order of the account (and the stop's own replacement) look riskier than it is.
    /// </summary>
    public readonly bool CountsAsOpen => !(Type.IsStop() && (Flags & OrderFlags.ReduceOnly) != 0);

    public readonly Quantity Leaves => new(Quantity.Units - Filled.Units);

    public readonly bool IsOpen => State is OrderState.PendingNew or OrderState.Working or OrderState.PendingCancel or OrderState.PendingAmend or OrderState.Unknown;

    public readonly void AddToHash(ref StateHasher hasher)
    {
        hasher.Add(Id.Value);
        hasher.Add(Account.Value);
        hasher.Add(Strategy.Value);
        hasher.Add(Instrument.Value);
        hasher.Add(Listing.Value);
        hasher.Add((long)Side);
        hasher.Add((long)Type);
        hasher.Add((long)TimeInForce);
        hasher.Add((long)Flags);
        hasher.Add(Price.Units);
        hasher.Add(Quantity.Units);
        hasher.Add(Filled.Units);
        hasher.Add((long)State);
        hasher.Add(Reservation.Value);
        hasher.Add(VenueOrderId);
        hasher.Add(CreatedTime);
        hasher.Add(PendingPrice.Units);
        hasher.Add(PendingQuantity.Units);
        hasher.Add(PendingReservation.Value);
        hasher.Add(StopPrice.Units);
        hasher.Add(IsProtective ? 1 : 0);
    }
}
