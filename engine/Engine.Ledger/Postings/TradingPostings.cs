using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Postings;

/// <summary>
/// Turns trading events into balanced, linked transfer chains. The chart of accounts:
/// <code>
///  deposit       World.Cash[a]         -> Client.Cash[a]
///  withdrawal    Client.Cash[a]        -> World.Cash[a]
///  reserve       Client.Cash[spent]    -> Venue.Cash[spent]     pending (two-phase), for an open order
///  spot buy      Client.Cash[quote]    -> Venue.Cash[quote]     (posts the reservation when there is one)
///                Venue.Cash[base]      -> Client.Cash[base]
///  spot sell     Client.Cash[base]     -> Venue.Cash[base]      (posts the reservation when there is one)
///                Venue.Cash[quote]     -> Client.Cash[quote]
///  fee           Client.Cash[fee]      -> Client.Fees[fee]
///  perp buy      Venue.Position[c]     -> Client.Position[c]    (sell: the other way)
///  margin up     Client.Cash[s]        -> Client.Margin[s]      (down: the other way)
///  P&amp;L gain      Client.RealisedPnL[s] -> Client.Cash[s]        (loss: the other way)
///  funding in    Client.FundingPnL[s]  -> Client.Cash[s]        (out: the other way)
/// </code>
/// "A -> B" debits A and credits B. Client cash and margin may not be overdrawn
/// (<see cref="AccountFlags.DebitsMustNotExceedCredits"/>); venue, world and P&amp;L accounts are unconstrained.
/// Transfer ids: the caller passes a base id per event and leaves room for <see cref="MaxLegs"/> legs
/// (leg i gets base + i), deriving the base from the input sequence so replay reproduces every id.
/// Thread ownership: the BLP thread, like the <see cref="Ledger"/> it writes to.
/// </summary>
public sealed class TradingPostings
{
    /// <summary>The most transfers one posting uses; base ids must be at least this far apart.</summary>
    public const int MaxLegs = 8;

    private readonly Ledger _ledger;
    private readonly Transfer[] _chain = new Transfer[MaxLegs];
    private readonly LedgerResult[] _results = new LedgerResult[MaxLegs];

    public TradingPostings(Ledger ledger) => _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));

    public Ledger Ledger => _ledger;

    /// <summary>The account for the key, opened on first use with the flags its type and owner call for.</summary>
    public LedgerAccountId Account(LedgerOwner owner, AssetId asset, AccountType type)
    {
        var key = new AccountKey(owner, asset, type);
        LedgerAccountId id = _ledger.FindAccount(key);
        if (!id.IsNone)
        {
            return id;
        }

        LedgerResult opened = _ledger.OpenAccount(key, FlagsFor(key), out id);
        return opened == LedgerResult.Ok ? id : throw new InvalidOperationException($"account {key}: {LedgerResults.Reason(opened)}");
    }

    public static AccountFlags FlagsFor(AccountKey key) =>
        key.Owner.Kind == OwnerKind.Client && key.Type is AccountType.Cash or AccountType.Margin
            ? AccountFlags.DebitsMustNotExceedCredits
            : AccountFlags.None;

    public LedgerResult Deposit(AccountId client, AssetId asset, Amount amount, TransferId id, long timestamp) =>
        _ledger.CreateTransfer(
            new Transfer(id, Account(LedgerOwner.World, asset, AccountType.Cash), Account(LedgerOwner.Client(client), asset, AccountType.Cash), amount, (ushort)PostingCode.Deposit),
            timestamp);

    public LedgerResult Withdraw(AccountId client, AssetId asset, Amount amount, TransferId id, long timestamp) =>
        _ledger.CreateTransfer(
            new Transfer(id, Account(LedgerOwner.Client(client), asset, AccountType.Cash), Account(LedgerOwner.World, asset, AccountType.Cash), amount, (ushort)PostingCode.Withdrawal),
            timestamp);

    /// <summary>Reserves what an accepted order may spend (pending transfer); fails with ExceedsCredits when the cash is not there.</summary>
    public LedgerResult Reserve(AccountId client, VenueId venue, AssetId asset, Amount amount, TransferId id, long orderId, long timestamp) =>
        _ledger.CreateTransfer(
            new Transfer(id, Account(LedgerOwner.Client(client), asset, AccountType.Cash), Account(LedgerOwner.Venue(venue), asset, AccountType.Cash), amount, (ushort)PostingCode.OrderReservation, TransferFlags.Pending, UserData: orderId),
            timestamp);

    /// <summary>Releases a reservation (order canceled, expired or rejected by the venue).</summary>
    public LedgerResult ReleaseReservation(TransferId reservation, TransferId id, long timestamp) =>
        _ledger.CreateTransfer(
            new Transfer(id, LedgerAccountId.None, LedgerAccountId.None, Amount.Zero, 0, TransferFlags.VoidPendingTransfer, reservation),
            timestamp);

    /// <summary>
    /// Posts a spot fill as one linked chain: the spend (posting the reservation when there is one), the receipt, the
    /// fee, and the re-reservation of what the rest of the order needs. <paramref name="remainderReservation"/> is that
    /// re-reservation's id (none when nothing is re-reserved or the chain failed).
    /// </summary>
    public LedgerResult PostSpotFill(in SpotFill fill, TransferId baseId, long timestamp, out TransferId remainderReservation)
    {
        remainderReservation = TransferId.None;
        LedgerOwner client = LedgerOwner.Client(fill.Client);
        LedgerOwner venue = LedgerOwner.Venue(fill.Venue);
        bool buy = fill.Side == Side.Buy;
        AssetId spent = buy ? fill.Quote : fill.Base;
        AssetId received = buy ? fill.Base : fill.Quote;
        Amount spentAmount = buy ? fill.QuoteAmount : fill.BaseAmount;
        Amount receivedAmount = buy ? fill.BaseAmount : fill.QuoteAmount;
        PostingCode spentCode = buy ? PostingCode.SpotQuoteLeg : PostingCode.SpotBaseLeg;
        PostingCode receivedCode = buy ? PostingCode.SpotBaseLeg : PostingCode.SpotQuoteLeg;
        LedgerAccountId clientSpent = Account(client, spent, AccountType.Cash);
        LedgerAccountId venueSpent = Account(venue, spent, AccountType.Cash);

        int legs = 0;
        if (fill.Reservation.IsNone)
        {
            _chain[legs++] = new Transfer(Leg(baseId, 0), clientSpent, venueSpent, spentAmount, (ushort)spentCode, UserData: fill.TradeId);
        }
        else
        {
            // Posting the reservation is the spend itself; a partial post releases the rest of it.
            _chain[legs++] = new Transfer(Leg(baseId, 0), clientSpent, venueSpent, spentAmount, (ushort)PostingCode.OrderReservation, TransferFlags.PostPendingTransfer, fill.Reservation, fill.TradeId);
        }

        _chain[legs++] = new Transfer(Leg(baseId, 1), Account(venue, received, AccountType.Cash), Account(client, received, AccountType.Cash), receivedAmount, (ushort)receivedCode, UserData: fill.TradeId);
        if (fill.Fee.IsPositive)
        {
            _chain[legs++] = new Transfer(Leg(baseId, 2), Account(client, fill.FeeAsset, AccountType.Cash), Account(client, fill.FeeAsset, AccountType.Fees), fill.Fee, (ushort)PostingCode.TradeFee, UserData: fill.TradeId);
        }

        TransferId remainder = TransferId.None;
        if (!fill.Reservation.IsNone && fill.ReservationRemainder.IsPositive)
        {
            remainder = Leg(baseId, 3);
            _chain[legs++] = new Transfer(remainder, clientSpent, venueSpent, fill.ReservationRemainder, (ushort)PostingCode.OrderReservation, TransferFlags.Pending, UserData: fill.TradeId);
        }

        LedgerResult result = SubmitChain(legs, timestamp);
        remainderReservation = result == LedgerResult.Ok ? remainder : TransferId.None;
        return result;
    }

    /// <summary>
    /// Replaces a reservation by one of <paramref name="amount"/> (void the old, reserve the new, linked: both or
    /// neither). <paramref name="replacement"/> is the new reservation (none for a zero amount, or when it failed and
    /// the old one stands).
    /// </summary>
    public LedgerResult ReplaceReservation(TransferId reservation, AccountId client, VenueId venue, AssetId asset, Amount amount, TransferId baseId, long orderId, long timestamp, out TransferId replacement)
    {
        replacement = TransferId.None;
        int legs = 0;
        _chain[legs++] = new Transfer(Leg(baseId, 0), LedgerAccountId.None, LedgerAccountId.None, Amount.Zero, 0, TransferFlags.VoidPendingTransfer, reservation);
        if (amount.IsPositive)
        {
            _chain[legs++] = new Transfer(
                Leg(baseId, 1), Account(LedgerOwner.Client(client), asset, AccountType.Cash), Account(LedgerOwner.Venue(venue), asset, AccountType.Cash), amount, (ushort)PostingCode.OrderReservation, TransferFlags.Pending, UserData: orderId);
        }

        LedgerResult result = SubmitChain(legs, timestamp);
        if (result == LedgerResult.Ok && amount.IsPositive)
        {
            replacement = Leg(baseId, 1);
        }

        return result;
    }

    public LedgerResult PostPerpFill(in PerpFill fill, TransferId baseId, long timestamp)
    {
        LedgerOwner client = LedgerOwner.Client(fill.Client);
        LedgerAccountId clientPosition = Account(client, fill.ContractAsset, AccountType.Position);
        LedgerAccountId venuePosition = Account(LedgerOwner.Venue(fill.Venue), fill.ContractAsset, AccountType.Position);
        LedgerAccountId cash = Account(client, fill.SettlementAsset, AccountType.Cash);
        int legs = 0;
        _chain[legs++] = fill.Side == Side.Buy
            ? new Transfer(Leg(baseId, 0), venuePosition, clientPosition, fill.Contracts, (ushort)PostingCode.PerpPositionLeg, UserData: fill.TradeId)
            : new Transfer(Leg(baseId, 0), clientPosition, venuePosition, fill.Contracts, (ushort)PostingCode.PerpPositionLeg, UserData: fill.TradeId);

        // Realised P&L settles before margin moves, so a loss is paid from cash that the margin release refills.
        if (!fill.RealisedPnL.IsZero)
        {
            LedgerAccountId pnl = Account(client, fill.SettlementAsset, AccountType.RealisedPnL);
            _chain[legs++] = fill.RealisedPnL.IsPositive
                ? new Transfer(Leg(baseId, 1), pnl, cash, fill.RealisedPnL, (ushort)PostingCode.PerpRealisedPnL, UserData: fill.TradeId)
                : new Transfer(Leg(baseId, 1), cash, pnl, -fill.RealisedPnL, (ushort)PostingCode.PerpRealisedPnL, UserData: fill.TradeId);
        }

        if (!fill.MarginDelta.IsZero)
        {
            LedgerAccountId margin = Account(client, fill.SettlementAsset, AccountType.Margin);
            Transfer marginLeg = fill.MarginDelta.IsPositive
                ? new Transfer(Leg(baseId, 2), cash, margin, fill.MarginDelta, (ushort)PostingCode.PerpMargin, UserData: fill.TradeId)
                : new Transfer(Leg(baseId, 2), margin, cash, -fill.MarginDelta, (ushort)PostingCode.PerpMargin, UserData: fill.TradeId);
            if (fill.MarginDelta.IsPositive || fill.RealisedPnL.Units >= 0)
            {
                _chain[legs++] = marginLeg;
            }
            else
            {
                // A loss together with a margin release: release first, so the loss is paid from released margin.
                Transfer loss = _chain[legs - 1];
                _chain[legs - 1] = marginLeg;
                _chain[legs++] = loss;
            }
        }

        if (fill.Fee.IsPositive)
        {
            _chain[legs++] = new Transfer(Leg(baseId, 3), cash, Account(client, fill.SettlementAsset, AccountType.Fees), fill.Fee, (ushort)PostingCode.TradeFee, UserData: fill.TradeId);
        }

        return SubmitChain(legs, timestamp);
    }

    /// <summary>A funding payment: positive is received by the client, negative is paid.</summary>
    public LedgerResult PostFunding(AccountId client, AssetId settlement, Amount payment, TransferId id, long timestamp)
    {
        LedgerOwner owner = LedgerOwner.Client(client);
        LedgerAccountId cash = Account(owner, settlement, AccountType.Cash);
        LedgerAccountId funding = Account(owner, settlement, AccountType.FundingPnL);
        Transfer transfer = payment.IsPositive
            ? new Transfer(id, funding, cash, payment, (ushort)PostingCode.Funding)
            : new Transfer(id, cash, funding, -payment, (ushort)PostingCode.Funding);
        return _ledger.CreateTransfer(transfer, timestamp);
    }

    private static TransferId Leg(TransferId baseId, int leg) => new(baseId.Value + leg);

    /// <summary>Links every leg to the next and applies them as one; returns the first failure, or Ok.</summary>
    private LedgerResult SubmitChain(int legs, long timestamp)
    {
        for (int i = 0; i < legs - 1; i++)
        {
            _chain[i] = _chain[i] with { Flags = _chain[i].Flags | TransferFlags.Linked };
        }

        _ledger.CreateTransfers(_chain.AsSpan(0, legs), _results, timestamp);
        for (int i = 0; i < legs; i++)
        {
            if (_results[i] != LedgerResult.Ok && _results[i] != LedgerResult.LinkedEventFailed)
            {
                return _results[i];
            }
        }

        return LedgerResult.Ok;
    }
}
