using System.Runtime.CompilerServices;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Pre-trade risk, positions and P&amp;L for one BLP shard. Every input is an explicit method call that the BLP makes
/// while it processes a journaled input (orders, fills, marks, admin commands, timer ticks); time is the input's time
/// in nanoseconds, never a clock, so replaying the journal rebuilds the same state (see <see cref="AddToHash"/>).
/// <para>
/// <see cref="Check{TBalances}"/> runs every check in a fixed order and returns the first failure, so a given state
/// and order always give the same code. It allocates nothing: instruments, accounts, strategies and positions live in
/// arrays indexed by their small dense ids. A check that cannot decide (unknown id, no reference price, a figure
/// that does not fit 64 bits, a balance the ledger cannot tell) rejects. The only state a check changes: a passing
/// order takes one token from each of its buckets; a breached daily loss turns the account's kill switch on; an
/// overdue dead-man switch halts trading.
/// </para>
/// <para>
/// Check order: unknown instrument, account, strategy; global and account kill switch; dead-man switch; halted
/// (global, instrument, account); reducing-only (global, instrument, account); price and quantity rules (tick, lot,
/// minimum quantity, minimum notional); maxOrderSize; maxOrderNotional; price band; reduce-only flag; daily loss;
/// maxPositionSize; maxSymbolExposure; maxGrossExposure; balance; account then strategy order rate. Position and
/// exposure limits count the account's open orders on the order's side as filled, and are skipped for an order
/// that only reduces the position.
/// </para>
/// Owned by the BLP thread; not thread-safe.
/// </summary>
public sealed class RiskEngine
{
    private readonly InstrumentRiskState[] _instruments;
    private readonly AccountRiskState[] _accounts;
    private readonly StrategyRiskState[] _strategies;

    // Flat (account id x instrument stride + instrument id) so one account's positions are contiguous.
    private readonly Position[] _positions;
    private readonly int _instrumentStride;
    private readonly int _valuationScale;
    private readonly AccountRiskLimits _accountDefaults;
    private TradingState _globalState;
    private bool _globalKillSwitch;
    private DeadManSwitch _deadMan;

    public RiskEngine(RiskSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.MaxAccountId is < 1 or > RiskSettings.MaxAccountIdLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxAccountId, $"maxAccountId must be within 1..{RiskSettings.MaxAccountIdLimit}");
        }

        if (settings.MaxStrategyId is < 0 or > RiskSettings.MaxStrategyIdLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.MaxStrategyId, $"maxStrategyId must be within 0..{RiskSettings.MaxStrategyIdLimit}");
        }

        if (settings.ValuationScale is < 0 or > FixedPointMath.MaxScale)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.ValuationScale, $"the valuation scale must be within 0..{FixedPointMath.MaxScale}");
        }

        if (settings.DeadManIntervalNanos < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.DeadManIntervalNanos, "the dead-man interval must not be negative");
        }

        _valuationScale = settings.ValuationScale;
        int maxInstrumentId = 0;
        foreach (RiskInstrument instrument in settings.Instruments)
        {
            if (instrument.Id.Value < 1)
            {
                throw new ArgumentException($"instrument {instrument.Symbol} has no id", nameof(settings));
            }

            maxInstrumentId = Math.Max(maxInstrumentId, instrument.Id.Value);
        }

        _instrumentStride = maxInstrumentId + 1;
        if ((long)(settings.MaxAccountId + 1) * _instrumentStride > RiskSettings.MaxPositionSlots)
        {
            throw new ArgumentException($"maxAccountId {settings.MaxAccountId} x {maxInstrumentId} instruments exceeds {RiskSettings.MaxPositionSlots} position slots", nameof(settings));
        }

        _instruments = new InstrumentRiskState[_instrumentStride];
        foreach (RiskInstrument instrument in settings.Instruments)
        {
            ConfigureInstrument(instrument);
        }

        ValidateRate(settings.StrategyDefaults);
        ValidateAccountLimits(settings.AccountDefaults);
        _accountDefaults = settings.AccountDefaults;
        _accounts = new AccountRiskState[settings.MaxAccountId + 1];
        for (int i = 0; i < _accounts.Length; i++)
        {
            _accounts[i].Limits = settings.AccountDefaults;
        }

        foreach (KeyValuePair<AccountId, AccountRiskLimits> pair in settings.AccountOverrides)
        {
            RequireAccountSlot(pair.Key);
            ValidateAccountLimits(pair.Value);
            _accounts[pair.Key.Value].Limits = pair.Value;
        }

        _strategies = new StrategyRiskState[settings.MaxStrategyId + 1];
        for (int i = 1; i < _strategies.Length; i++)
        {
            _strategies[i].Limit = settings.StrategyDefaults;
        }

        _positions = new Position[(settings.MaxAccountId + 1) * _instrumentStride];
        _deadMan = new DeadManSwitch(settings.DeadManIntervalNanos);
    }

    public int ValuationScale => _valuationScale;

    public TradingState GlobalTradingState => _globalState;

    public bool GlobalKillSwitch => _globalKillSwitch;

    public bool DeadManSwitchFired => _deadMan.HasFired;

    // ---------------------------------------------------------------- the pre-trade check

    /// <summary>
    /// Decides whether <paramref name="request"/> may go to the book; <see cref="RiskRejectCode.Ok"/> or the first
    /// failing check's code (order in the class summary). Allocation-free when <typeparamref name="TBalances"/> is a
    /// struct.
    /// </summary>
    public RiskRejectCode Check<TBalances>(in RiskOrder request, ref TBalances balances)
        where TBalances : IAvailableBalances
    {
        int instrumentId = request.Instrument.Value;
        if ((uint)instrumentId >= (uint)_instruments.Length || !_instruments[instrumentId].Configured)
        {
            return RiskRejectCode.UnknownInstrument;
        }

        int accountId = request.Order.Account.Value;
        if ((uint)accountId >= (uint)_accounts.Length || !_accounts[accountId].Open)
        {
            return RiskRejectCode.UnknownAccount;
        }

        int strategyId = request.Strategy.Value;
        if ((uint)strategyId >= (uint)_strategies.Length)
        {
            return RiskRejectCode.UnknownStrategy;
        }

        ref AccountRiskState account = ref _accounts[accountId];
        if (_globalKillSwitch)
        {
            return RiskRejectCode.GlobalKillSwitch;
        }

        if (account.KillSwitch)
        {
            return RiskRejectCode.AccountKillSwitch;
        }

        long now = request.InputTimeNanos;
        if (_deadMan.IsEnabled)
        {
            if (!_deadMan.IsArmed)
            {
                return RiskRejectCode.DeadManSwitchNotArmed;
            }

            if (_deadMan.IsOverdue(now))
            {
                FireDeadManSwitch();
                return RiskRejectCode.DeadManSwitchTriggered;
            }
        }

        ref InstrumentRiskState instrument = ref _instruments[instrumentId];
        ref Position position = ref _positions[(accountId * _instrumentStride) + instrumentId];
        Side side = request.Order.Side;
        long price = request.Order.Price.Units;
        long quantity = request.Order.Quantity.Units;
        RiskRejectCode code = CheckTradingStates(ref instrument, ref account, ref position, side, quantity);
        if (code != RiskRejectCode.Ok)
        {
            return code;
        }

        code = CheckTradingRules(ref instrument, price, quantity);
        if (code != RiskRejectCode.Ok)
        {
            return code;
        }

        ref readonly InstrumentRiskLimits limits = ref instrument.Limits;
        if (quantity > limits.MaxOrderSize.Units)
        {
            return RiskRejectCode.MaxOrderSize;
        }

        if ((Int128)price * quantity > instrument.MaxOrderNotionalPriceQuantity)
        {
            return RiskRejectCode.MaxOrderNotional;
        }

        long reference = instrument.ReferencePrice;
        if (limits.PriceBandBps != RiskLimit.NoPriceBand)
        {
            if (reference == 0)
            {
                return RiskRejectCode.NoReferencePrice;
            }

            // |price - reference| / reference > band / 10,000, cross-multiplied so it stays exact.
            Int128 distance = Int128.Abs((Int128)price - reference) * RiskLimit.BasisPointsPerUnit;
            if (distance > (Int128)reference * limits.PriceBandBps)
            {
                return RiskRejectCode.PriceOutsideBand;
            }
        }

        bool reducing = position.IsReducing(side, quantity);
        if ((request.Order.Flags & OrderFlags.ReduceOnly) != 0 && !reducing)
        {
            return RiskRejectCode.ReduceOnlyWouldIncrease;
        }

        code = CheckAccountWide(ref account, accountId, instrumentId, reducing, ref position, side, price, quantity, ref instrument);
        if (code != RiskRejectCode.Ok)
        {
            return code;
        }

        code = CheckBalance(in request, ref balances, ref instrument, ref position, side, price, quantity - Math.Max(0, request.ReservedQuantity.Units));
        if (code != RiskRejectCode.Ok)
        {
            return code;
        }

        return TakeTokens(ref account, strategyId, now);
    }

    /// <summary>
    /// Decides whether a live order may be amended to a new price and quantity: every check of
    /// <see cref="Check{TBalances}"/> applies to the order as amended, with its current open quantity no longer
    /// counted as open (the amended quantity replaces it) and the balance check covering only the increase. A buy
    /// may not move above the price its funds are held at (exchange-core's rule; the ledger would have to reserve
    /// more). A passing amend takes a token like a new order. Allocation-free when <typeparamref name="TBalances"/>
    /// is a struct. The caller reports the outcome through <see cref="OnOrderReleased"/> and
    /// <see cref="OnOrderAccepted"/> as usual.
    /// </summary>
    public RiskRejectCode CheckAmend<TBalances>(in RiskAmend request, ref TBalances balances)
        where TBalances : IAvailableBalances
    {
        long hold = Math.Max(request.HoldPrice.Units, 0);
        if (request.Side == Side.Buy && hold > 0 && request.Amend.NewPrice.Units > hold)
        {
            return RiskRejectCode.AmendAboveHoldPrice;
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
            request.OpenQuantity);
        if (!IsKnown(request.Amend.Account, request.Instrument))
        {
            return Check(in order, ref balances);
        }

        // The order's current open quantity is replaced by the amended one: take it out for the check, then put
        // back exactly what was taken (single-threaded, so nothing can observe the gap).
        ref Position position = ref _positions[(request.Amend.Account.Value * _instrumentStride) + request.Instrument.Value];
        long open = request.OpenQuantity.Units;
        long released;
        if (request.Side == Side.Buy)
        {
            released = Math.Clamp(open, 0, position._openBuy);
            position._openBuy -= released;
        }
        else
        {
            released = Math.Clamp(open, 0, position._openSell);
            position._openSell -= released;
        }

        RiskRejectCode code = Check(in order, ref balances);
        if (request.Side == Side.Buy)
        {
            position._openBuy += released;
        }
        else
        {
            position._openSell += released;
        }

        return code;
    }

    // ---------------------------------------------------------------- order lifecycle and fills

    /// <summary>An order passed the check and was accepted: its quantity counts as filled in the worst-case checks until released or filled.</summary>
    public void OnOrderAccepted(AccountId account, InstrumentId instrument, Side side, Quantity quantity)
    {
        ref Position position = ref PositionSlot(account, instrument);
        if (side == Side.Buy)
        {
            position._openBuy = checked(position._openBuy + quantity.Units);
        }
        else
        {
            position._openSell = checked(position._openSell + quantity.Units);
        }
    }

    /// <summary>An accepted order's quantity left the book unfilled (canceled, expired, amended down): it no longer counts.</summary>
    public void OnOrderReleased(AccountId account, InstrumentId instrument, Side side, Quantity quantity)
    {
        ref Position position = ref PositionSlot(account, instrument);
        Release(ref position, side, quantity.Units);
    }

    /// <summary>
    /// A fill of the account's order: updates the position and the realised P&amp;L, releases the filled quantity
    /// from the account's open orders on that side (never below zero, so fills of orders risk never saw are fine),
    /// records the price as the last trade price, and evaluates the daily loss limit. <paramref name="fee"/> is in
    /// the instrument's money scale, positive when paid. Returns true when this fill turned the account's kill
    /// switch on (the BLP then cancels the account's open orders).
    /// </summary>
    public bool OnFill(AccountId account, InstrumentId instrument, Side side, Price price, Quantity quantity, Amount fee)
    {
        ref Position position = ref PositionSlot(account, instrument);
        ref InstrumentRiskState state = ref _instruments[instrument.Value];
        ref AccountRiskState accountState = ref _accounts[account.Value];
        if (price.Units <= 0 || quantity.Units <= 0)
        {
            ThrowInvalidFill(price, quantity);
        }

        long realised = position.ApplyFill(side, price.Units, quantity.Units, state.Multiplier);
        position._fees = checked(position._fees + fee.Units);
        Release(ref position, side, quantity.Units);
        state.LastTradePrice = price.Units;
        accountState.RealisedToday = checked(accountState.RealisedToday + ToValuation(realised, ref state));
        accountState.FeesToday = checked(accountState.FeesToday + ToValuation(fee.Units, ref state));
        return EvaluateDailyLoss(account);
    }

    /// <summary>A funding payment on a derivative position, in money units (positive when received).</summary>
    public bool OnFunding(AccountId account, InstrumentId instrument, Amount payment)
    {
        ref Position position = ref PositionSlot(account, instrument);
        ref InstrumentRiskState state = ref _instruments[instrument.Value];
        position._fundingPnl = checked(position._fundingPnl + payment.Units);
        ref AccountRiskState accountState = ref _accounts[account.Value];
        accountState.FundingToday = checked(accountState.FundingToday + ToValuation(payment.Units, ref state));
        return EvaluateDailyLoss(account);
    }

    /// <summary>A mark price from market data: the reference for the price band, unrealised P&amp;L and exposure.</summary>
    public void SetMarkPrice(InstrumentId instrument, Price mark)
    {
        if (mark.Units <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(mark), mark.Units, "a mark price must be positive");
        }

        InstrumentSlot(instrument).MarkPrice = mark.Units;
    }

    /// <summary>
    /// Checks the account's daily loss against maxDailyLoss and turns its kill switch on when it is reached; true
    /// when this call turned it on. The BLP calls it after fills (done here) and may call it after mark updates.
    /// </summary>
    public bool EvaluateDailyLoss(AccountId account)
    {
        ref AccountRiskState state = ref AccountSlot(account);
        if (state.KillSwitch || state.Limits.MaxDailyLoss.Units == RiskLimit.Unlimited)
        {
            return false;
        }

        if (!TryDailyPnl(account.Value, out Int128 pnl) || pnl <= -(Int128)state.Limits.MaxDailyLoss.Units)
        {
            state.KillSwitch = true;
            return true;
        }

        return false;
    }

    /// <summary>
    /// A new trading day begins (an admin or timer input): daily realised P&amp;L, fees and funding restart from zero
    /// and today's unrealised P&amp;L is measured from the positions' current unrealised P&amp;L. Kill switches stay
    /// as they are (an operator resets them).
    /// </summary>
    public void StartTradingDay()
    {
        for (int accountId = 1; accountId < _accounts.Length; accountId++)
        {
            ref AccountRiskState account = ref _accounts[accountId];
            if (!account.Open)
            {
                continue;
            }

            account.RealisedToday = 0;
            account.FeesToday = 0;
            account.FundingToday = 0;
            account.UnrealisedAtDayStart = TryUnrealised(accountId, out Int128 unrealised) ? checked((long)unrealised) : 0;
        }
    }

    // ---------------------------------------------------------------- admin inputs (journaled by the BLP)

    /// <summary>Makes an account known to risk (idempotent); until then its orders are rejected.</summary>
    public void OpenAccount(AccountId account)
    {
        RequireAccountSlot(account);
        _accounts[account.Value].Open = true;
    }

    public bool IsAccountOpen(AccountId account) =>
        (uint)account.Value < (uint)_accounts.Length && _accounts[account.Value].Open;

    public void SetInstrumentLimits(InstrumentId instrument, InstrumentRiskLimits limits)
    {
        ref InstrumentRiskState state = ref InstrumentSlot(instrument);
        ValidateInstrumentLimits(limits, state.IsDerivative);
        ApplyLimits(ref state, limits);
    }

    public InstrumentRiskLimits GetInstrumentLimits(InstrumentId instrument) => InstrumentSlot(instrument).Limits;

    public void SetAccountLimits(AccountId account, AccountRiskLimits limits)
    {
        RequireAccountSlot(account);
        ValidateAccountLimits(limits);
        _accounts[account.Value].Limits = limits;
    }

    public AccountRiskLimits GetAccountLimits(AccountId account) => AccountSlot(account).Limits;

    public void SetStrategyLimits(StrategyId strategy, OrderRateLimit limit)
    {
        if (strategy.Value < 1 || strategy.Value >= _strategies.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy.Value, $"strategy ids are 1..{_strategies.Length - 1}");
        }

        ValidateRate(limit);
        _strategies[strategy.Value].Limit = limit;
    }

    public OrderRateLimit GetStrategyLimits(StrategyId strategy)
    {
        if (strategy.Value < 1 || strategy.Value >= _strategies.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(strategy), strategy.Value, $"strategy ids are 1..{_strategies.Length - 1}");
        }

        return _strategies[strategy.Value].Limit;
    }

    /// <summary>Whether <paramref name="strategy"/> is within 1..maxStrategyId, so it has an order rate.</summary>
    public bool IsStrategyKnown(StrategyId strategy) => strategy.Value >= 1 && strategy.Value < _strategies.Length;

    public void SetGlobalTradingState(TradingState state) => _globalState = RequireState(state);

    public void SetInstrumentTradingState(InstrumentId instrument, TradingState state) =>
        InstrumentSlot(instrument).State = RequireState(state);

    public TradingState GetInstrumentTradingState(InstrumentId instrument) => InstrumentSlot(instrument).State;

    public void SetAccountTradingState(AccountId account, TradingState state) =>
        AccountSlot(account).State = RequireState(state);

    public TradingState GetAccountTradingState(AccountId account) => AccountSlot(account).State;

    /// <summary>The global kill switch: on rejects every order (the BLP cancels all open orders when it turns it on).</summary>
    public void SetGlobalKillSwitch(bool on) => _globalKillSwitch = on;

    /// <summary>An account's kill switch; the daily loss limit turns it on, only an admin input turns it off.</summary>
    public void SetAccountKillSwitch(AccountId account, bool on) => AccountSlot(account).KillSwitch = on;

    public bool IsAccountKillSwitchOn(AccountId account) => AccountSlot(account).KillSwitch;

    /// <summary>Changes the dead-man interval (0 disables it).</summary>
    public void SetDeadManInterval(long intervalNanos)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(intervalNanos);
        _deadMan.SetInterval(intervalNanos);
    }

    /// <summary>An admin heartbeat at input time <paramref name="nowNanos"/>: arms or re-arms the dead-man switch.</summary>
    public void OnAdminHeartbeat(long nowNanos) => _deadMan.Heartbeat(nowNanos);

    /// <summary>
    /// Called by the BLP on every input (or timer tick) with its time: when the heartbeat is overdue, halts trading
    /// and returns true exactly once, so the BLP cancels every open order.
    /// </summary>
    public bool PollDeadManSwitch(long nowNanos)
    {
        if (!_deadMan.IsEnabled || !_deadMan.IsOverdue(nowNanos))
        {
            return false;
        }

        return FireDeadManSwitch();
    }

    // ---------------------------------------------------------------- positions and P&L

    /// <summary>The raw position (read-only), or a flat one for an account or instrument risk does not know.</summary>
    public ref readonly Position GetPosition(AccountId account, InstrumentId instrument) => ref PositionSlot(account, instrument);

    /// <summary>The position with its derived figures (allocation-free, but not meant for the hot path).</summary>
    public PositionReport Report(AccountId account, InstrumentId instrument)
    {
        ref Position position = ref PositionSlot(account, instrument);
        ref InstrumentRiskState state = ref _instruments[instrument.Value];
        long reference = state.ReferencePrice;
        long average = position._quantity == 0 ? 0 : (long)((Int128)position._cost / ((Int128)position._quantity * state.Multiplier));
        Int128 unrealised = reference == 0 ? 0 : position.UnrealisedAt(reference, state.Multiplier);
        Int128 notional = Int128.Abs((Int128)position._quantity * reference * state.Multiplier);
        return new PositionReport(
            position.Quantity,
            position.EntryCost,
            new Price(average),
            position.RealisedPnl,
            new Amount(checked((long)unrealised)),
            position.FundingPnl,
            position.Fees,
            new Amount(checked((long)notional)),
            new Amount(checked((long)(notional * state.ValuationFactor))),
            new Price(reference),
            position.OpenBuy,
            position.OpenSell);
    }

    /// <summary>The account's exposure in the instrument at the reference price (|quantity| x price x multiplier), in valuation units.</summary>
    public Amount SymbolExposure(AccountId account, InstrumentId instrument) => Report(account, instrument).Exposure;

    /// <summary>The sum of the account's exposures over all instruments, in valuation units (open orders not counted).</summary>
    public Amount GrossExposure(AccountId account)
    {
        AccountSlot(account);
        Int128 gross = 0;
        int baseIndex = account.Value * _instrumentStride;
        for (int i = 1; i < _instrumentStride; i++)
        {
            ref InstrumentRiskState state = ref _instruments[i];
            long quantity = _positions[baseIndex + i]._quantity;
            if (state.Configured && quantity != 0)
            {
                gross += Int128.Abs((Int128)quantity * state.ReferencePrice) * state.PriceQuantityFactor;
            }
        }

        return new Amount(checked((long)gross));
    }

    /// <summary>Today's P&amp;L in valuation units: realised - fees + funding + unrealised now - unrealised at the day's start.</summary>
    public Amount DailyPnl(AccountId account)
    {
        AccountSlot(account);
        if (!TryDailyPnl(account.Value, out Int128 pnl))
        {
            throw new OverflowException($"the daily P&L of account {account} does not fit 64 bits");
        }

        return new Amount(checked((long)pnl));
    }

    /// <summary>Whole tokens left in the account's order bucket at <paramref name="nowNanos"/>.</summary>
    public long AccountTokens(AccountId account, long nowNanos)
    {
        ref AccountRiskState state = ref AccountSlot(account);
        return state.OrderBucket.TokensAt(state.Limits.OrderRate, nowNanos);
    }

    /// <summary>Writes every piece of mutable risk state (the arrays as their bytes) for a BLP snapshot.</summary>
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection("risk");
        writer.WriteArray<InstrumentRiskState>(_instruments);
        writer.WriteArray<AccountRiskState>(_accounts);
        writer.WriteArray<StrategyRiskState>(_strategies);
        writer.WriteArray<Position>(_positions);
        writer.WriteInt32((int)_globalState);
        writer.WriteBoolean(_globalKillSwitch);
        writer.WriteValue(in _deadMan);
    }

    /// <summary>Restores what <see cref="WriteSnapshot"/> wrote; the engine must have been built from the same settings.</summary>
    public void RestoreSnapshot(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectSection("risk");
        reader.ReadInto<InstrumentRiskState>(_instruments);
        reader.ReadInto<AccountRiskState>(_accounts);
        reader.ReadInto<StrategyRiskState>(_strategies);
        reader.ReadInto<Position>(_positions);
        _globalState = (TradingState)reader.ReadInt32();
        _globalKillSwitch = reader.ReadBoolean();
        _deadMan = reader.ReadValue<DeadManSwitch>();
    }

    /// <summary>Feeds every piece of risk state into <paramref name="hasher"/> in id order (for the engine's StateHash).</summary>
    public void AddToHash(ref StateHasher hasher)
    {
        hasher.Add((long)_globalState);
        hasher.Add(_globalKillSwitch ? 1 : 0);
        _deadMan.AddToHash(ref hasher);
        for (int i = 1; i < _instruments.Length; i++)
        {
            ref InstrumentRiskState state = ref _instruments[i];
            hasher.Add(state.Configured ? 1 : 0);
            hasher.Add((long)state.State);
            hasher.Add(state.MarkPrice);
            hasher.Add(state.LastTradePrice);
            HashLimits(ref hasher, in state.Limits);
        }

        for (int a = 1; a < _accounts.Length; a++)
        {
            ref AccountRiskState account = ref _accounts[a];
            if (!account.Open)
            {
                continue;
            }

            hasher.Add(a);
            hasher.Add(account.KillSwitch ? 1 : 0);
            hasher.Add((long)account.State);
            hasher.Add(account.Limits.MaxGrossExposure.Units);
            hasher.Add(account.Limits.MaxDailyLoss.Units);
            hasher.Add(account.Limits.OrderRate.PerSecond);
            hasher.Add(account.Limits.OrderRate.Burst);
            account.OrderBucket.AddToHash(ref hasher);
            hasher.Add(account.RealisedToday);
            hasher.Add(account.FeesToday);
            hasher.Add(account.FundingToday);
            hasher.Add(account.UnrealisedAtDayStart);
            int baseIndex = a * _instrumentStride;
            for (int i = 1; i < _instrumentStride; i++)
            {
                _positions[baseIndex + i].AddToHash(ref hasher);
            }
        }

        for (int s = 1; s < _strategies.Length; s++)
        {
            hasher.Add(_strategies[s].Limit.PerSecond);
            hasher.Add(_strategies[s].Limit.Burst);
            _strategies[s].OrderBucket.AddToHash(ref hasher);
        }
    }

    // ---------------------------------------------------------------- check steps

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RiskRejectCode CheckTradingStates(ref InstrumentRiskState instrument, ref AccountRiskState account, ref Position position, Side side, long quantity)
    {
        if ((_globalState | instrument.State | account.State) == TradingState.Active)
        {
            return RiskRejectCode.Ok;
        }

        return CheckRestrictedStates(ref instrument, ref account, ref position, side, quantity);
    }

    private bool IsKnown(AccountId account, InstrumentId instrument) =>
        (uint)account.Value < (uint)_accounts.Length && _accounts[account.Value].Open
        && (uint)instrument.Value < (uint)_instruments.Length && _instruments[instrument.Value].Configured;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private RiskRejectCode CheckRestrictedStates(ref InstrumentRiskState instrument, ref AccountRiskState account, ref Position position, Side side, long quantity)
    {
        if (_globalState == TradingState.Halted)
        {
            return RiskRejectCode.GlobalHalted;
        }

        if (instrument.State == TradingState.Halted)
        {
            return RiskRejectCode.InstrumentHalted;
        }

        if (account.State == TradingState.Halted)
        {
            return RiskRejectCode.AccountHalted;
        }

        if (position.IsReducing(side, quantity))
        {
            return RiskRejectCode.Ok;
        }

        if (_globalState == TradingState.Reducing)
        {
            return RiskRejectCode.GlobalReducingOnly;
        }

        return instrument.State == TradingState.Reducing ? RiskRejectCode.InstrumentReducingOnly : RiskRejectCode.AccountReducingOnly;
    }

    /// <summary>Daily loss, then position, symbol and gross exposure, counting open orders on the order's side as filled.</summary>
    private RiskRejectCode CheckAccountWide(
        ref AccountRiskState account,
        int accountId,
        int instrumentId,
        bool reducing,
        ref Position position,
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
            int baseIndex = accountId * _instrumentStride;
            for (int i = 1; i < _instrumentStride; i++)
            {
                ref Position other = ref _positions[baseIndex + i];
                if (other.IsFlat)
                {
                    continue;
                }

                ref InstrumentRiskState otherInstrument = ref _instruments[i];
                long reference = otherInstrument.ReferencePrice;
                if (reference == 0)
                {
                    if (i == instrumentId && other._quantity == 0)
                    {
                        // Only open orders here: this instrument is valued below at the order's price.
                        continue;
                    }

                    return RiskRejectCode.NoReferencePrice;
                }

                if (other._quantity != 0)
                {
                    Int128 money = other.UnrealisedAt(reference, otherInstrument.Multiplier);
                    if (Int128.Abs(money) > otherInstrument.MaxMoneyForValuation)
                    {
                        return RiskRejectCode.ArithmeticOverflow;
                    }

                    unrealised += money * otherInstrument.ValuationFactor;
                }

                if (i != instrumentId && grossLimited)
                {
                    Int128 worst = Int128.Max(Int128.Abs((Int128)other._quantity + other._openBuy), Int128.Abs((Int128)other._quantity - other._openSell));
                    Int128 priceQuantity = worst * reference;
                    if (priceQuantity > otherInstrument.MaxPriceQuantityForValuation)
                    {
                        return RiskRejectCode.MaxGrossExposure;
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
                    return RiskRejectCode.DailyLossLimit;
                }
            }
        }

        if (reducing)
        {
            return RiskRejectCode.Ok;
        }

        // Worst case in the order's direction: the position with this order and the open orders on its side filled.
        Int128 projected = side == Side.Buy
            ? (Int128)position._quantity + position._openBuy + quantity
            : (Int128)position._quantity - position._openSell - quantity;
        Int128 projectedAbs = Int128.Abs(projected);
        ref readonly InstrumentRiskLimits limits = ref instrument.Limits;
        if (projectedAbs > limits.MaxPositionSize.Units)
        {
            return RiskRejectCode.MaxPositionSize;
        }

        // Valued at the higher of the reference price and the order's price (conservative either way).
        long valuationPrice = Math.Max(instrument.ReferencePrice, price);
        if (projectedAbs * valuationPrice > instrument.MaxSymbolExposurePriceQuantity)
        {
            return RiskRejectCode.MaxSymbolExposure;
        }

        if (grossLimited)
        {
            // The other side's open orders of this instrument may be the larger worst case.
            Int128 otherSide = side == Side.Buy
                ? Int128.Abs((Int128)position._quantity - position._openSell)
                : Int128.Abs((Int128)position._quantity + position._openBuy);
            Int128 priceQuantity = Int128.Max(projectedAbs, otherSide) * valuationPrice;
            if (priceQuantity > instrument.MaxPriceQuantityForValuation
                || otherGross + (priceQuantity * instrument.PriceQuantityFactor) > accountLimits.MaxGrossExposure.Units)
            {
                return RiskRejectCode.MaxGrossExposure;
            }
        }

        return RiskRejectCode.Ok;
    }

    private static RiskRejectCode CheckBalance<TBalances>(
        in RiskOrder request,
        ref TBalances balances,
        ref InstrumentRiskState instrument,
        ref Position position,
        Side side,
        long price,
        long quantity)
        where TBalances : IAvailableBalances
    {
        if (quantity <= 0)
        {
            // Nothing beyond what the ledger already holds for this order.
            return RiskRejectCode.Ok;
        }

        long holdPrice = Math.Max(request.HoldPrice.Units, price);
        Int128 required;
        BalanceLeg leg;
        if (instrument.IsDerivative)
        {
            // Margin only for the part that opens or increases the position; closing needs none.
            long reducible = 0;
            if (side == Side.Buy && position._quantity < 0)
            {
                reducible = Math.Max(0, -position._quantity - position._openBuy);
            }
            else if (side == Side.Sell && position._quantity > 0)
            {
                reducible = Math.Max(0, position._quantity - position._openSell);
            }

            long opening = Math.Max(0, quantity - reducible);
            if (opening == 0)
            {
                return RiskRejectCode.Ok;
            }

            // Initial margin rounded up, so the hold is never short by a unit.
            Int128 notional = (Int128)holdPrice * opening * instrument.Multiplier;
            Int128 scaled = notional * instrument.Limits.InitialMarginBps;
            required = (scaled + RiskLimit.BasisPointsPerUnit - 1) / RiskLimit.BasisPointsPerUnit;
            leg = BalanceLeg.Margin;
        }
        else if (side == Side.Buy)
        {
            required = (Int128)holdPrice * quantity * instrument.Multiplier;
            leg = BalanceLeg.Quote;
        }
        else
        {
            required = quantity;
            leg = BalanceLeg.Base;
        }

        if (!balances.TryGetAvailable(request.Order.Account, request.Instrument, leg, out Amount available))
        {
            return RiskRejectCode.BalanceUnavailable;
        }

        return required > available.Units ? RiskRejectCode.InsufficientBalance : RiskRejectCode.Ok;
    }

    /// <summary>
    /// Takes one token from the account's bucket and, for a strategy order, from the strategy's; both or neither.
    /// Each level is computed once (no division) and committed only when both buckets had a token.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private RiskRejectCode TakeTokens(ref AccountRiskState account, int strategyId, long now)
    {
        OrderRateLimit accountRate = account.Limits.OrderRate;
        long accountLevel = 0;
        if (!accountRate.IsUnlimited)
        {
            accountLevel = account.OrderBucket.LevelAt(accountRate, now);
            if (accountLevel < TokenBucket.NanoTokensPerToken)
            {
                return RiskRejectCode.AccountOrderRate;
            }
        }

        if (strategyId != 0)
        {
            ref StrategyRiskState strategy = ref _strategies[strategyId];
            if (!strategy.Limit.IsUnlimited)
            {
                long strategyLevel = strategy.OrderBucket.LevelAt(strategy.Limit, now);
                if (strategyLevel < TokenBucket.NanoTokensPerToken)
                {
                    return RiskRejectCode.StrategyOrderRate;
                }

                strategy.OrderBucket.Commit(strategyLevel - TokenBucket.NanoTokensPerToken, now);
            }
        }

        if (!accountRate.IsUnlimited)
        {
            account.OrderBucket.Commit(accountLevel - TokenBucket.NanoTokensPerToken, now);
        }

        return RiskRejectCode.Ok;
    }

    /// <summary>
    /// The listing's tick, lot, minimum quantity and minimum notional, with the same outcome as
    /// <see cref="TradingRules.Validate"/> (a test checks it) but no division when tick or lot is one unit and none
    /// for the minimum notional: trunc(price x quantity x multiplier / 10^multiplier scale) &lt; minimum exactly when
    /// price x quantity x multiplier &lt; minimum x 10^multiplier scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static RiskRejectCode CheckTradingRules(ref InstrumentRiskState instrument, long price, long quantity)
    {
        if (price <= 0)
        {
            return RiskRejectCode.PriceNotPositive;
        }

        long tick = instrument.Rules.TickSize.Units;
        if (tick != 1 && price % tick != 0)
        {
            return RiskRejectCode.PriceNotOnTick;
        }

        if (quantity <= 0)
        {
            return RiskRejectCode.QuantityNotPositive;
        }

        long lot = instrument.Rules.LotSize.Units;
        if (lot != 1 && quantity % lot != 0)
        {
            return RiskRejectCode.QuantityNotOnLot;
        }

        if (quantity < instrument.Rules.MinQuantity.Units)
        {
            return RiskRejectCode.QuantityBelowMinimum;
        }

        if (instrument.MinNotionalScaled > 0 && (Int128)price * quantity * instrument.Multiplier < instrument.MinNotionalScaled)
        {
            return RiskRejectCode.NotionalBelowMinimum;
        }

        return RiskRejectCode.Ok;
    }

    // ---------------------------------------------------------------- helpers

    private bool TryDailyPnl(int accountId, out Int128 pnl)
    {
        ref AccountRiskState account = ref _accounts[accountId];
        bool ok = TryUnrealised(accountId, out Int128 unrealised);
        pnl = (Int128)account.RealisedToday - account.FeesToday + account.FundingToday + unrealised - account.UnrealisedAtDayStart;
        return ok && pnl >= long.MinValue && pnl <= long.MaxValue;
    }

    private bool TryUnrealised(int accountId, out Int128 unrealised)
    {
        unrealised = 0;
        int baseIndex = accountId * _instrumentStride;
        for (int i = 1; i < _instrumentStride; i++)
        {
            ref Position position = ref _positions[baseIndex + i];
            if (position._quantity == 0)
            {
                continue;
            }

            ref InstrumentRiskState instrument = ref _instruments[i];
            Int128 money = position.UnrealisedAt(instrument.ReferencePrice, instrument.Multiplier);
            if (instrument.ReferencePrice == 0 || Int128.Abs(money) > instrument.MaxMoneyForValuation)
            {
                return false;
            }

            unrealised += money * instrument.ValuationFactor;
        }

        return true;
    }

    private bool FireDeadManSwitch()
    {
        _globalState = TradingState.Halted;
        return _deadMan.Fire();
    }

    private static void Release(ref Position position, Side side, long quantity)
    {
        if (side == Side.Buy)
        {
            position._openBuy = Math.Max(0, position._openBuy - quantity);
        }
        else
        {
            position._openSell = Math.Max(0, position._openSell - quantity);
        }
    }

    private static long ToValuation(long money, ref InstrumentRiskState instrument) => checked(money * instrument.ValuationFactor);

    private void ConfigureInstrument(RiskInstrument instrument)
    {
        ref InstrumentRiskState state = ref _instruments[instrument.Id.Value];
        if (state.Configured)
        {
            throw new ArgumentException($"instrument {instrument.Symbol} (id {instrument.Id}) is configured twice");
        }

        if (instrument.Kind is not (InstrumentKind.Spot or InstrumentKind.Perpetual or InstrumentKind.Future))
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: risk supports spot, perpetual and future, not {instrument.Kind}");
        }

        TradingRules rules = instrument.Rules;
        if (rules.TickSize.Units <= 0 || rules.LotSize.Units <= 0 || rules.Multiplier.Units <= 0)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: tick, lot and contract multiplier must be positive");
        }

        if (instrument.Kind == InstrumentKind.Spot && rules.Multiplier != ContractMultiplier.One)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: a spot instrument's contract multiplier must be 1");
        }

        int moneyScale = instrument.MoneyScale;
        if (moneyScale > _valuationScale)
        {
            throw new ArgumentException(
                $"instrument {instrument.Symbol}: its money scale {moneyScale} (price {rules.PriceScale} + quantity {rules.QuantityScale} + multiplier {rules.Multiplier.Scale}) exceeds the valuation scale {_valuationScale}, so its amounts would not convert exactly");
        }

        long valuationFactor = FixedPointMath.Pow10(_valuationScale - moneyScale);
        Int128 priceQuantityFactor = (Int128)rules.Multiplier.Units * valuationFactor;
        if (priceQuantityFactor > long.MaxValue)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: multiplier x 10^(valuation scale - money scale) does not fit 64 bits");
        }

        ValidateInstrumentLimits(instrument.Limits, instrument.IsDerivative);
        state.Configured = true;
        state.IsDerivative = instrument.IsDerivative;
        state.Rules = rules;
        state.Multiplier = rules.Multiplier.Units;
        state.ValuationFactor = valuationFactor;
        state.MaxMoneyForValuation = long.MaxValue / valuationFactor;
        state.PriceQuantityFactor = (long)priceQuantityFactor;
        state.MaxPriceQuantityForValuation = long.MaxValue / (long)priceQuantityFactor;
        state.MinNotionalScaled = (Int128)rules.MinNotional.Units * FixedPointMath.Pow10(rules.Multiplier.Scale);
        ApplyLimits(ref state, instrument.Limits);
    }

    /// <summary>Stores the limits with their price x quantity thresholds, so the check compares without dividing.</summary>
    private static void ApplyLimits(ref InstrumentRiskState state, InstrumentRiskLimits limits)
    {
        state.Limits = limits;
        state.MaxOrderNotionalPriceQuantity = Threshold(limits.MaxOrderNotional.Units, state.PriceQuantityFactor);
        state.MaxSymbolExposurePriceQuantity = Threshold(limits.MaxSymbolExposure.Units, state.PriceQuantityFactor);

        // For a non-negative product: product x factor > limit exactly when product > floor(limit / factor).
        static Int128 Threshold(long limit, long factor) => limit == RiskLimit.Unlimited ? Int128.MaxValue : limit / factor;
    }

    private static void ValidateInstrumentLimits(InstrumentRiskLimits limits, bool derivative)
    {
        if (limits.MaxOrderSize.Units <= 0 || limits.MaxOrderNotional.Units <= 0 || limits.MaxPositionSize.Units <= 0 || limits.MaxSymbolExposure.Units <= 0)
        {
            throw new ArgumentException("instrument limits must be positive (use RiskLimit.Unlimited to turn one off)", nameof(limits));
        }

        if (limits.PriceBandBps < 0)
        {
            throw new ArgumentException("priceBandBps must not be negative", nameof(limits));
        }

        if (derivative && limits.InitialMarginBps <= 0)
        {
            throw new ArgumentException("initialMarginBps must be positive for a derivative", nameof(limits));
        }
    }

    private static void ValidateAccountLimits(AccountRiskLimits limits)
    {
        if (limits.MaxGrossExposure.Units <= 0 || limits.MaxDailyLoss.Units <= 0)
        {
            throw new ArgumentException("account limits must be positive (use RiskLimit.Unlimited to turn one off)", nameof(limits));
        }

        ValidateRate(limits.OrderRate);
    }

    private static void ValidateRate(OrderRateLimit limit)
    {
        if (limit.IsUnlimited)
        {
            return;
        }

        if (limit.PerSecond < 0 || limit.Burst < 1 || limit.Burst > 1_000_000_000)
        {
            throw new ArgumentException($"an order rate needs perSecond >= 0 and burst within 1..1000000000, got {limit.PerSecond}/s burst {limit.Burst}", nameof(limit));
        }
    }

    private static void HashLimits(ref StateHasher hasher, in InstrumentRiskLimits limits)
    {
        hasher.Add(limits.MaxOrderSize.Units);
        hasher.Add(limits.MaxOrderNotional.Units);
        hasher.Add(limits.MaxPositionSize.Units);
        hasher.Add(limits.MaxSymbolExposure.Units);
        hasher.Add(limits.PriceBandBps);
        hasher.Add(limits.InitialMarginBps);
    }

    private static TradingState RequireState(TradingState state) =>
        state is TradingState.Active or TradingState.Reducing or TradingState.Halted
            ? state
            : throw new ArgumentOutOfRangeException(nameof(state), state, "not a trading state");

    private void RequireAccountSlot(AccountId account)
    {
        if (account.Value < 1 || account.Value >= _accounts.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(account), account.Value, $"account ids are 1..{_accounts.Length - 1} (maxAccountId)");
        }
    }

    private ref AccountRiskState AccountSlot(AccountId account)
    {
        if ((uint)account.Value >= (uint)_accounts.Length || !_accounts[account.Value].Open)
        {
            ThrowUnknownAccount(account);
        }

        return ref _accounts[account.Value];
    }

    private ref InstrumentRiskState InstrumentSlot(InstrumentId instrument)
    {
        if ((uint)instrument.Value >= (uint)_instruments.Length || !_instruments[instrument.Value].Configured)
        {
            ThrowUnknownInstrument(instrument);
        }

        return ref _instruments[instrument.Value];
    }

    private ref Position PositionSlot(AccountId account, InstrumentId instrument)
    {
        AccountSlot(account);
        InstrumentSlot(instrument);
        return ref _positions[(account.Value * _instrumentStride) + instrument.Value];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownAccount(AccountId account) =>
        throw new ArgumentException($"account {account} is not open in risk");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownInstrument(InstrumentId instrument) =>
        throw new ArgumentException($"instrument {instrument} has no risk configuration");

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowInvalidFill(Price price, Quantity quantity) =>
        throw new ArgumentException($"a fill needs a positive price and quantity, got {price} x {quantity}");
}
