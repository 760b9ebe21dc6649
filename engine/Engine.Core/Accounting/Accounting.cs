using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The BLP's bridge to the double-entry ledger: turns order acceptance, fills, cancels, deposits and withdrawals into
/// <see cref="TradingPostings"/>, with every amount rescaled to the ledger scale and every transfer id derived from
/// the input sequence (<see cref="TransferIds"/>).
/// <para>
/// Reservations (two-phase transfers) hold what an open order may spend, and are the engine's one balance check: an
/// order the account cannot pay for is refused by its reservation (ExceedsCredits), fees included. A spot buy holds
/// price x leaves x multiplier plus the taker fee on it, in the quote asset; a spot sell holds the leaves in the base
/// asset; a derivative holds the initial margin of the part that opens or increases the position, rounded up, in the
/// settle asset. A spot fill posts the reservation in part, releases the rest and re-reserves what the remaining
/// quantity needs; a derivative fill moves position, realised P&amp;L and fee, and replaces the reservation by the
/// remainder's margin (margin accounts are not moved yet: see docs/LEDGER.md).
/// </para>
/// Owned by the BLP thread.
/// </summary>
public sealed class Accounting
{
    private readonly Engine.Ledger.Ledger _ledger;
    private readonly TradingPostings _postings;
    private readonly AssetTable _assets;
    private TransferIds _ids;

    public Accounting(Engine.Ledger.Ledger ledger, AssetTable assets)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(assets);
        _ledger = ledger;
        _postings = new TradingPostings(ledger);
        _assets = assets;
    }

    public Engine.Ledger.Ledger Ledger => _ledger;

    public AssetTable Assets => _assets;

    /// <summary>Every posting until the next call belongs to the input with this journal sequence.</summary>
    public void BeginInput(long sequence) => _ids.Begin(sequence);

    public LedgerResult Deposit(AccountId account, AssetId asset, Amount amount, long time) =>
        _postings.Deposit(account, asset, amount, _ids.Next(), time);

    public LedgerResult Withdraw(AccountId account, AssetId asset, Amount amount, long time) =>
        _postings.Withdraw(account, asset, amount, _ids.Next(), time);

    /// <summary>Client cash available to spend: posted credits minus posted and pending debits (ledger units).</summary>
    public Amount AvailableCash(AccountId account, AssetId asset)
    {
        LedgerAccountId id = _ledger.FindAccount(new AccountKey(LedgerOwner.Client(account), asset, AccountType.Cash));
        return id.IsNone ? Amount.Zero : new Amount(_ledger.BalanceOf(id).AvailableCredit);
    }

    /// <summary>What an open order of <paramref name="leaves"/> at <paramref name="price"/> holds (ledger units); false when it does not fit 64 bits.</summary>
    public bool TryReservationAmount(TradedListing instrument, Side side, Price price, Quantity leaves, in MarginBasis margin, out Amount amount)
    {
        amount = Amount.Zero;
        if (leaves.Units <= 0)
        {
            return true;
        }

        if (!instrument.IsSpot)
        {
            return TryMargin(instrument, side, price, leaves, margin, out amount);
        }

        if (side == Side.Sell)
        {
            amount = _assets.ToLedger(leaves.Units, instrument.Rules.QuantityScale);
            return true;
        }

        if (!instrument.Rules.TryNotional(price, leaves, out Amount notional))
        {
            return false;
        }

        Amount cost = _assets.ToLedger(notional.Units, instrument.Rules.AmountScale);
        amount = cost + instrument.Fees.FeeOn(cost, maker: false);
        return true;
    }

    /// <summary>
    /// Reserves what a new order may spend (the one balance check: ExceedsCredits when the account's available cash
    /// does not cover it); <paramref name="reservation"/> is none when nothing is held.
    /// </summary>
    public LedgerResult Reserve(TradedListing instrument, AccountId account, Side side, Price price, Quantity leaves, in MarginBasis margin, OrderId order, long time, out TransferId reservation)
    {
        reservation = TransferId.None;
        if (!TryReservationAmount(instrument, side, price, leaves, margin, out Amount amount))
        {
            return LedgerResult.OverflowsDebits;
        }

        if (amount.IsZero)
        {
            return LedgerResult.Ok;
        }

        TransferId id = _ids.Next();
        AssetId asset = ReservedAsset(instrument, side);
        LedgerResult result = _postings.Reserve(account, instrument.Venue, asset, amount, id, order.Value, time);
        if (result == LedgerResult.Ok)
        {
            reservation = id;
        }

        return result;
    }

    /// <summary>Voids an order's reservation (canceled, expired, rejected by the venue); a none reservation is a no-op.</summary>
    public LedgerResult Release(TransferId reservation, long time) =>
        reservation.IsNone ? LedgerResult.Ok : _postings.ReleaseReservation(reservation, _ids.Next(), time);

    /// <summary>The fee of a fill, in ledger units of the fee asset (the quote asset for spot, settle for derivatives).</summary>
    public bool TryFee(TradedListing instrument, Price price, Quantity quantity, bool maker, out Amount notional, out Amount fee)
    {
        fee = Amount.Zero;
        if (!instrument.Rules.TryNotional(price, quantity, out Amount raw))
        {
            notional = Amount.Zero;
            return false;
        }

        notional = _assets.ToLedger(raw.Units, instrument.Rules.AmountScale);
        fee = instrument.Fees.FeeOn(notional, maker);
        return true;
    }

    /// <summary>
    /// Posts a spot fill of <paramref name="order"/> (already updated: its Filled includes this fill) and moves its
    /// reservation to what the remaining quantity needs.
    /// </summary>
    public LedgerResult PostSpotFill(TradedListing instrument, ref OrderRecord order, Price price, Quantity quantity, Amount notional, Amount fee, long tradeId, long time)
    {
        Amount baseAmount = _assets.ToLedger(quantity.Units, instrument.Rules.QuantityScale);
        Amount remainder = Amount.Zero;
        if (!order.Reservation.IsNone && !TryReservationAmount(instrument, order.Side, order.Price, order.Leaves, default, out remainder))
        {
            return LedgerResult.OverflowsDebits;
        }

        var fill = new SpotFill(
            order.Account, instrument.Venue, order.Side, instrument.Base, instrument.Quote, baseAmount, notional, instrument.Quote, fee, tradeId, order.Reservation, remainder);
        LedgerResult result = _postings.PostSpotFill(fill, _ids.Next(), time, out TransferId remainderReservation);
        if (result == LedgerResult.Ok && !order.Reservation.IsNone)
        {
            order.Reservation = remainderReservation;
        }

        return result;
    }

    /// <summary>
    /// After a derivative fill: the order's reservation becomes the margin its remaining quantity needs. When that
    /// cannot be reserved (the account's cash fell below it), the old reservation, never smaller, stands until the order
    /// closes.
    /// </summary>
    public LedgerResult ResizeReservation(TradedListing instrument, ref OrderRecord order, in MarginBasis margin, long time)
    {
        if (order.Reservation.IsNone || !TryReservationAmount(instrument, order.Side, order.Price, order.Leaves, margin, out Amount amount))
        {
            return LedgerResult.Ok;
        }

        LedgerResult result = _postings.ReplaceReservation(order.Reservation, order.Account, instrument.Venue, ReservedAsset(instrument, order.Side), amount, _ids.Next(), order.Id.Value, time, out TransferId replacement);
        if (result == LedgerResult.Ok)
        {
            order.Reservation = replacement;
        }

        return result;
    }

    /// <summary>The asset an order's reservation holds: the quote for a spot buy, the base for a spot sell, the settle asset for a derivative.</summary>
    private static AssetId ReservedAsset(TradedListing instrument, Side side) =>
        !instrument.IsSpot ? instrument.Settle : side == Side.Buy ? instrument.Quote : instrument.Base;

    /// <summary>Initial margin on the opening part of the order at <paramref name="price"/>, rounded up, in ledger units of the settle asset.</summary>
    private bool TryMargin(TradedListing instrument, Side side, Price price, Quantity leaves, in MarginBasis margin, out Amount amount)
    {
        amount = Amount.Zero;
        long opening = margin.OpeningQuantity(side, leaves.Units);
        if (opening == 0 || margin.InitialMarginBps <= 0)
        {
            return true;
        }

        // price x quantity x multiplier units is exact in the money scale; the margin is rounded up there and then
        // rescaled exactly (the ledger scale is at least the money scale), so the hold is never short by a unit.
        Int128 notional = (Int128)price.Units * opening * instrument.Rules.Multiplier.Units;
        Int128 scaled = notional * margin.InitialMarginBps;
        Int128 required = (scaled + VenueFees.BasisPointsPerUnit - 1) / VenueFees.BasisPointsPerUnit;
        if (required > long.MaxValue)
        {
            return false;
        }

        amount = _assets.ToLedger((long)required, instrument.MoneyScale);
        return true;
    }

    /// <summary>
    /// The funding payment at a settlement for a position of <paramref name="position"/> units (signed): |position| x
    /// multiplier x mark x |rate| in ledger units of the settle asset, rounded half away from zero; negative when the
    /// account pays (a long at a positive rate, a short at a negative one). False when it does not fit in 64 bits.
    /// <paramref name="rateExponent"/> is within -18..0.
    /// </summary>
    public bool TryFundingPayment(TradedInstrument instrument, long position, Price mark, long rateMantissa, int rateExponent, out Amount payment)
    {
        payment = Amount.Zero;
        if (position == long.MinValue || !instrument.Rules.TryNotional(mark, new Quantity(Math.Abs(position)), out Amount raw))
        {
            return false;
        }

        Int128 product = (Int128)_assets.ToLedger(raw.Units, instrument.Rules.AmountScale).Units * rateMantissa;
        Int128 divisor = FixedPointMath.Pow10(-rateExponent);
        Int128 magnitude = (Int128.Abs(product) + (divisor / 2)) / divisor;
        Int128 signed = (product < 0) == (position < 0) ? -magnitude : magnitude;
        if (signed > long.MaxValue || signed < long.MinValue)
        {
            return false;
        }

        payment = new Amount((long)signed);
        return true;
    }

    /// <summary>Posts a funding payment (positive: received) with the input's transfer id for the account.</summary>
    public LedgerResult PostFunding(TradedInstrument instrument, AccountId account, Amount payment, long time) =>
        _postings.PostFunding(account, instrument.Settle, payment, _ids.ForAccount(account.Value), time);

    /// <summary>Posts a derivative fill: contracts, the realised P&amp;L it caused (ledger units, signed) and the fee.</summary>
    public LedgerResult PostDerivativeFill(TradedListing instrument, AccountId account, Side side, Quantity quantity, Amount realisedPnl, Amount fee, long tradeId, long time)
    {
        var fill = new PerpFill(
            account, instrument.Venue, side, instrument.Contracts, instrument.Settle,
            _assets.ToLedger(quantity.Units, instrument.Rules.QuantityScale), Amount.Zero, realisedPnl, fee, tradeId);
        return _postings.PostPerpFill(fill, _ids.Next(), time);
    }
}
