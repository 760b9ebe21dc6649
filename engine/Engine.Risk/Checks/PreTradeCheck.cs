using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The pre-trade check: every check in a fixed order, the first failure's code returned, so a given state and order
/// always give the same code. Allocation-free. A check that cannot decide (unknown id, no reference price, a figure
/// that does not fit 64 bits) rejects.
/// <para>
/// Check order: unknown instrument, listing, account, strategy; global and account kill switch; dead-man switch;
/// halted (global, instrument, account); reducing-only (global, instrument, account); the listing's order rules
/// (tick, lot, minimum quantity, minimum notional); maxOrderSize; maxOrderNotional; price band; reduce-only flag;
/// a stop's trigger (positive, on tick); daily loss; maxPositionSize; maxSymbolExposure; maxGrossExposure; account then
/// strategy order rate. A reduce-only stop must only reduce the position as it is (it is not counted among the open
/// orders: the venue caps it at the position when it triggers). Position and
/// exposure limits count the account's open orders on the order's side as filled, and are skipped for an order that
/// only reduces the position. Whether the account can pay is not checked here: the ledger's reservation of what the
/// order may spend, fees included, is the one balance check.
/// </para>
/// <para>
/// A check changes no state but these: a breached daily loss turns the account's kill switch on, and an overdue
/// dead-man switch halts trading. The order-rate tokens are only looked at: <see cref="OrderRateTokens.Take"/> takes them
/// once the order is accepted (after the ledger reserved its funds), so a refused order costs none.
/// </para>
/// Owned by the BLP thread.
/// </summary>
internal sealed class PreTradeCheck
{
    private readonly RiskTables _tables;
    private readonly TradingSwitches _switches;
    private readonly OrderRateTokens _tokens;

    public PreTradeCheck(RiskTables tables, TradingSwitches switches, OrderRateTokens tokens)
    {
        _tables = tables;
        _switches = switches;
        _tokens = tokens;
    }

    public ResultCode Check(in RiskOrder request) => Evaluate(in request, excludedOpen: 0);

    /// <summary>
    /// Every check of <see cref="Check"/> applied to the order as amended: its current open quantity no longer counts
    /// as open (the amended quantity replaces it). A buy may not move above the price its funds are held at
    /// (exchange-core's rule; the ledger would have to hold more).
    /// </summary>
    public ResultCode CheckAmend(in RiskAmend request)
    {
        long hold = Math.Max(request.HoldPrice.Units, 0);
        if (request.Side == Side.Buy && hold > 0 && request.Amend.NewPrice.Units > hold)
        {
            return ResultCode.AmendAboveHoldPrice;
        }

        var order = new RiskOrder(
            new NewOrder(
                request.Amend.OrderId,
                request.Amend.Account,
                request.Side,
                OrderType.Limit,
                TimeInForce.Gtc,
                request.Amend.NewPrice,
                request.Amend.NewQuantity,
                request.Amend.Flags,
                request.Amend.SelfTradePrevention),
            request.Instrument,
            request.Strategy,
            request.InputTimeNanos,
            new Price(hold),
            request.Listing);
        return Evaluate(in order, Math.Max(0, request.OpenQuantity.Units));
    }

    /// <param name="excludedOpen">Quantity of the account's open orders on the order's side that the order replaces (an amend's current open quantity).</param>
    private ResultCode Evaluate(in RiskOrder request, long excludedOpen)
    {
        int instrumentId = request.Instrument.Value;
        if (!_tables.IsInstrumentConfigured(instrumentId))
        {
            return ResultCode.UnknownInstrument;
        }

        ref InstrumentRiskState instrument = ref _tables.Instruments[instrumentId];
        ref ListingRiskState listing = ref ListingOf(in request, ref instrument, out bool knownListing);
        if (!knownListing)
        {
            return ResultCode.UnknownListing;
        }

        int accountId = request.Order.Account.Value;
        if (!_tables.IsAccountOpen(accountId))
        {
            return ResultCode.UnknownAccount;
        }

        int strategyId = request.Strategy.Value;
        if ((uint)strategyId >= (uint)_tables.Strategies.Length)
        {
            return ResultCode.UnknownStrategy;
        }

        ref AccountRiskState account = ref _tables.Accounts[accountId];
        if (_switches.GlobalKillSwitch)
        {
            return ResultCode.GlobalKillSwitch;
        }

        if (account.KillSwitch)
        {
            return ResultCode.AccountKillSwitch;
        }

        long now = request.InputTimeNanos;
        ref DeadManSwitch deadMan = ref _switches.DeadMan;
        if (deadMan.IsEnabled)
        {
            if (!deadMan.IsArmed)
            {
                return ResultCode.DeadManSwitchNotArmed;
            }

            if (deadMan.IsOverdue(now))
            {
                _switches.FireDeadMan();
                return ResultCode.DeadManSwitchTriggered;
            }
        }

        Side side = request.Order.Side;
        var position = new OpenPosition(ref _tables.Positions[(accountId * _tables.InstrumentStride) + instrumentId], side, excludedOpen);
        long price = request.Order.Price.Units;
        long quantity = request.Order.Quantity.Units;
        ResultCode code = CheckTradingStates(ref instrument, ref account, in position, side, quantity);
        if (code != ResultCode.Ok)
        {
            return code;
        }

        code = Unsafe.IsNullRef(ref listing)
            ? OrderRulesCheck.Check(in instrument.Rules, instrument.MinNotionalScaled, instrument.Multiplier, price, quantity)
            : OrderRulesCheck.Check(in listing.Rules, listing.MinNotionalScaled, instrument.Multiplier, price, quantity);
        if (code != ResultCode.Ok)
        {
            return code;
        }

        bool reduceOnlyStop = false;
        if (request.Order.Type.IsStop())
        {
            code = CheckTrigger(ref instrument, ref listing, request.Order.StopPrice.Units);
            if (code != ResultCode.Ok)
            {
                return code;
            }

            reduceOnlyStop = (request.Order.Flags & OrderFlags.ReduceOnly) != 0;
        }

        ref readonly InstrumentRiskLimits limits = ref instrument.Limits;
        if (quantity > limits.MaxOrderSize.Units)
        {
            return ResultCode.MaxOrderSize;
        }

        if ((Int128)price * quantity > instrument.MaxOrderNotionalPriceQuantity)
        {
            return ResultCode.MaxOrderNotional;
        }

        long reference = instrument.ReferencePrice;
        if (limits.PriceBandBps != RiskLimit.NoPriceBand)
        {
            if (reference == 0)
            {
                return ResultCode.NoReferencePrice;
            }

            // |price - reference| / reference > band / 10,000, cross-multiplied so it stays exact.
            Int128 distance = Int128.Abs((Int128)price - reference) * RiskLimit.BasisPointsPerUnit;
            if (distance > (Int128)reference * limits.PriceBandBps)
            {
                return ResultCode.PriceOutsideBand;
            }
        }

        // A reduce-only stop is not counted among the open orders (the venue caps it at the position when it
        // triggers), so it is measured against the position alone.
        bool reducing = reduceOnlyStop ? position.ReducesAlone(side, quantity) : position.IsReducing(side, quantity);
        if ((request.Order.Flags & OrderFlags.ReduceOnly) != 0 && !reducing)
        {
            return ResultCode.ReduceOnlyWouldIncrease;
        }

        code = CheckAccountWide(ref account, accountId, instrumentId, reducing, in position, side, price, quantity, ref instrument);
        if (code != ResultCode.Ok)
        {
            return code;
        }

        return _tokens.Look(ref account, accountId, strategyId, now);
    }

    /// <summary>
    /// <see cref="RiskEngine.CheckProtective"/>: an order the engine places to protect a position. Known instrument,
    /// listing and account; the listing's order rules on its price and (for a stop) its trigger; and it must only
    /// reduce the position as it is (its own open orders aside). Kill switches, trading states, limits and order rates
    /// do not apply: they exist to stop risk from growing, and this order only takes risk away.
    /// </summary>
    public ResultCode CheckProtective(in RiskOrder request)
    {
        int instrumentId = request.Instrument.Value;
        if (!_tables.IsInstrumentConfigured(instrumentId))
        {
            return ResultCode.UnknownInstrument;
        }

        ref InstrumentRiskState instrument = ref _tables.Instruments[instrumentId];
        ref ListingRiskState listing = ref ListingOf(in request, ref instrument, out bool knownListing);
        if (!knownListing)
        {
            return ResultCode.UnknownListing;
        }

        int accountId = request.Order.Account.Value;
        if (!_tables.IsAccountOpen(accountId))
        {
            return ResultCode.UnknownAccount;
        }

        long price = request.Order.Price.Units;
        long quantity = request.Order.Quantity.Units;
        ResultCode code = Unsafe.IsNullRef(ref listing)
            ? OrderRulesCheck.Check(in instrument.Rules, 0, instrument.Multiplier, price, quantity)
            : OrderRulesCheck.Check(in listing.Rules, 0, instrument.Multiplier, price, quantity);
        if (code == ResultCode.Ok && request.Order.Type.IsStop())
        {
            code = CheckTrigger(ref instrument, ref listing, request.Order.StopPrice.Units);
        }

        if (code != ResultCode.Ok)
        {
            return code;
        }

        var position = new OpenPosition(ref _tables.Positions[(accountId * _tables.InstrumentStride) + instrumentId], request.Order.Side, 0);
        return position.ReducesAlone(request.Order.Side, quantity) ? ResultCode.Ok : ResultCode.ReduceOnlyWouldIncrease;
    }

    /// <summary>The request's listing (none: the instrument's primary; a null ref when it has none); false when it is not the instrument's.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref ListingRiskState ListingOf(in RiskOrder request, ref InstrumentRiskState instrument, out bool known)
    {
        ListingId listingId = request.Listing.IsNone ? instrument.PrimaryListing : request.Listing;
        known = true;
        if (listingId.IsNone)
        {
            return ref Unsafe.NullRef<ListingRiskState>();
        }

        if ((uint)listingId.Value >= (uint)_tables.Listings.Length || !_tables.Listings[listingId.Value].Configured || _tables.Listings[listingId.Value].Instrument.Value != request.Instrument.Value)
        {
            known = false;
            return ref Unsafe.NullRef<ListingRiskState>();
        }

        return ref _tables.Listings[listingId.Value];
    }

    /// <summary>A stop's trigger price: positive and on the listing's tick.</summary>
    private static ResultCode CheckTrigger(ref InstrumentRiskState instrument, ref ListingRiskState listing, long stopPrice)
    {
        long tick = Unsafe.IsNullRef(ref listing) ? instrument.Rules.TickSize.Units : listing.Rules.TickSize.Units;
        if (stopPrice <= 0)
        {
            return ResultCode.PriceNotPositive;
        }

        return tick > 1 && stopPrice % tick != 0 ? ResultCode.PriceNotOnTick : ResultCode.Ok;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ResultCode CheckTradingStates(ref InstrumentRiskState instrument, ref AccountRiskState account, in OpenPosition position, Side side, long quantity)
    {
        if ((_switches.GlobalState | instrument.State | account.State) == TradingState.Active)
        {
            return ResultCode.Ok;
        }

        return CheckRestrictedStates(ref instrument, ref account, in position, side, quantity);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ResultCode CheckRestrictedStates(ref InstrumentRiskState instrument, ref AccountRiskState account, in OpenPosition position, Side side, long quantity)
    {
        TradingState global = _switches.GlobalState;
        if (global == TradingState.Halted)
        {
            return ResultCode.GlobalHalted;
        }

        if (instrument.State == TradingState.Halted)
        {
            return ResultCode.InstrumentHalted;
        }

        if (account.State == TradingState.Halted)
        {
            return ResultCode.AccountHalted;
        }

        if (position.IsReducing(side, quantity))
        {
            return ResultCode.Ok;
        }

        if (global == TradingState.Reducing)
        {
            return ResultCode.GlobalReducingOnly;
        }

        return instrument.State == TradingState.Reducing ? ResultCode.InstrumentReducingOnly : ResultCode.AccountReducingOnly;
    }

    /// <summary>Daily loss, then position, symbol and gross exposure, counting open orders on the order's side as filled.</summary>
    private ResultCode CheckAccountWide(
        ref AccountRiskState account,
        int accountId,
        int instrumentId,
        bool reducing,
        in OpenPosition position,
        Side side,
        long price,
        long quantity,
        ref InstrumentRiskState instrument)
    {
        ref readonly AccountRiskLimits accountLimits = ref account.Limits;
        bool lossLimited = accountLimits.MaxDailyLoss.Units != RiskLimit.Unlimited;
        bool grossLimited = !reducing && accountLimits.MaxGrossExposure.Units != RiskLimit.Unlimited;
        Int128 otherGross = 0;
        if (lossLimited || grossLimited)
        {
            // One pass over the account's positions: unrealised P&L for the daily loss, worst-case exposure of the
            // other instruments for the gross limit.
            Int128 unrealised = 0;
            int baseIndex = accountId * _tables.InstrumentStride;
            for (int i = 1; i < _tables.InstrumentStride; i++)
            {
                ref Position other = ref _tables.Positions[baseIndex + i];
                if (other.IsFlat)
                {
                    continue;
                }

                ref InstrumentRiskState otherInstrument = ref _tables.Instruments[i];
                long reference = otherInstrument.ReferencePrice;
                if (reference == 0)
                {
                    if (i == instrumentId && other._quantity == 0)
                    {
                        // Only open orders here: this instrument is valued below at the order's price.
                        continue;
                    }

                    return ResultCode.NoReferencePrice;
                }

                if (other._quantity != 0)
                {
                    Int128 money = other.UnrealisedAt(reference, otherInstrument.Multiplier);
                    if (Int128.Abs(money) > otherInstrument.MaxMoneyForValuation)
                    {
                        return ResultCode.ArithmeticOverflow;
                    }

                    unrealised += money * otherInstrument.ValuationFactor;
                }

                if (i != instrumentId && grossLimited)
                {
                    Int128 worst = Int128.Max(Int128.Abs((Int128)other._quantity + other._openBuy), Int128.Abs((Int128)other._quantity - other._openSell));
                    Int128 priceQuantity = worst * reference;
                    if (priceQuantity > otherInstrument.MaxPriceQuantityForValuation)
                    {
                        return ResultCode.MaxGrossExposure;
                    }

                    otherGross += priceQuantity * otherInstrument.PriceQuantityFactor;
                }
            }

            if (lossLimited)
            {
                Int128 pnl = (Int128)account.RealisedToday - account.FeesToday + account.FundingToday + unrealised - account.UnrealisedAtDayStart;
                if (pnl <= -(Int128)accountLimits.MaxDailyLoss.Units)
                {
                    account.KillSwitch = true;
                    return ResultCode.DailyLossLimit;
                }
            }
        }

        if (reducing)
        {
            return ResultCode.Ok;
        }

        // Worst case in the order's direction: the position with this order and the open orders on its side filled.
        Int128 projected = side == Side.Buy
            ? (Int128)position.Quantity + position.OpenBuy + quantity
            : (Int128)position.Quantity - position.OpenSell - quantity;
        Int128 projectedAbs = Int128.Abs(projected);
        ref readonly InstrumentRiskLimits limits = ref instrument.Limits;
        if (projectedAbs > limits.MaxPositionSize.Units)
        {
            return ResultCode.MaxPositionSize;
        }

        // Valued at the higher of the reference price and the order's price (conservative either way).
        long valuationPrice = Math.Max(instrument.ReferencePrice, price);
        if (projectedAbs * valuationPrice > instrument.MaxSymbolExposurePriceQuantity)
        {
            return ResultCode.MaxSymbolExposure;
        }

        if (grossLimited)
        {
            // The other side's open orders of this instrument may be the larger worst case.
            Int128 otherSide = side == Side.Buy
                ? Int128.Abs((Int128)position.Quantity - position.OpenSell)
                : Int128.Abs((Int128)position.Quantity + position.OpenBuy);
            Int128 priceQuantity = Int128.Max(projectedAbs, otherSide) * valuationPrice;
            if (priceQuantity > instrument.MaxPriceQuantityForValuation
                || otherGross + (priceQuantity * instrument.PriceQuantityFactor) > accountLimits.MaxGrossExposure.Units)
            {
                return ResultCode.MaxGrossExposure;
            }
        }

        return ResultCode.Ok;
    }
}
