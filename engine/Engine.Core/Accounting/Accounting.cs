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
/// Reservations (two-phase transfers) hold what an open spot order may spend: a buy holds price x leaves x multiplier
/// plus the taker fee on it, in the quote asset; a sell holds the leaves in the base asset. A fill posts the
/// reservation in part, releases the rest and re-reserves what the remaining quantity needs. Derivatives hold no
/// reservation: pre-trade risk checks their initial margin against the settle asset; the fill moves position,
/// realised P&amp;L and fee (margin accounts are not moved yet: see docs/LEDGER.md).
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

    /// <summary>What an open order of <paramref name="leaves"/> at <paramref name="price"/> holds (ledger units); zero for derivatives.</summary>
    public bool TryReservationAmount(TradedInstrument instrument, Side side, Price price, Quantity leaves, out Amount amount)
    {
        amount = Amount.Zero;
        if (!instrument.IsSpot || leaves.Units <= 0)
        {
            return true;
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

    /// <summary>Reserves what a new order may spend; <paramref name="reservation"/> is none when nothing is held.</summary>
    public LedgerResult Reserve(TradedInstrument instrument, AccountId account, Side side, Price price, Quantity leaves, OrderId order, long time, out TransferId reservation)
    {
        reservation = TransferId.None;
        if (!TryReservationAmount(instrument, side, price, leaves, out Amount amount))
        {
            return LedgerResult.OverflowsDebits;
        }

        if (amount.IsZero)
        {
            return LedgerResult.Ok;
        }

        TransferId id = _ids.Next();
        AssetId asset = side == Side.Buy ? instrument.Quote : instrument.Base;
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
    public bool TryFee(TradedInstrument instrument, Price price, Quantity quantity, bool maker, out Amount notional, out Amount fee)
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
    public LedgerResult PostSpotFill(TradedInstrument instrument, ref OrderRecord order, Price price, Quantity quantity, Amount notional, Amount fee, long tradeId, long time)
    {
        Amount baseAmount = _assets.ToLedger(quantity.Units, instrument.Rules.QuantityScale);
        Amount remainder = Amount.Zero;
        if (!order.Reservation.IsNone && !TryReservationAmount(instrument, order.Side, order.Price, order.Leaves, out remainder))
        {
            return LedgerResult.OverflowsDebits;
        }

        TransferId baseId = _ids.Next();
        var fill = new SpotFill(
            order.Account, instrument.Venue, order.Side, instrument.Base, instrument.Quote, baseAmount, notional, instrument.Quote, fee, tradeId, order.Reservation, remainder);
        LedgerResult result = _postings.PostSpotFill(fill, baseId, time);
        if (result == LedgerResult.Ok && !order.Reservation.IsNone)
        {
            // The re-reservation of the remainder is leg 3 of the chain (see TradingPostings.PostSpotFill).
            order.Reservation = remainder.IsPositive ? new TransferId(baseId.Value + 3) : TransferId.None;
        }

        return result;
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
    public LedgerResult PostDerivativeFill(TradedInstrument instrument, AccountId account, Side side, Quantity quantity, Amount realisedPnl, Amount fee, long tradeId, long time)
    {
        var fill = new PerpFill(
            account, instrument.Venue, side, instrument.Contracts, instrument.Settle,
            _assets.ToLedger(quantity.Units, instrument.Rules.QuantityScale), Amount.Zero, realisedPnl, fee, tradeId);
        return _postings.PostPerpFill(fill, _ids.Next(), time);
    }
}
