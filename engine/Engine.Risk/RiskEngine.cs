using System.Runtime.CompilerServices;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// Pre-trade risk, positions and P&amp;L for one BLP shard: the facade over its parts, each in its own file.
/// <list type="bullet">
/// <item><see cref="PreTradeCheck"/>: the check of one order or amend, in a fixed order (its summary lists it);</item>
/// <item><see cref="PositionBook"/>: positions, marks, fills, funding and the trading day's P&amp;L;</item>
/// <item><see cref="LimitTable"/>: the limits per instrument, account and strategy, and each listing's order rules;</item>
/// <item><see cref="TradingSwitches"/>: trading states, kill switches and the dead-man switch;</item>
/// <item><see cref="RiskTables"/>: the arrays they share, indexed by small dense ids, so nothing allocates.</item>
/// </list>
/// Every input is an explicit method call the BLP makes while it processes a journaled input; time is the input's
/// time in nanoseconds, never a clock, so replaying the journal rebuilds the same state (see <see cref="AddToHash"/>).
/// Owned by the BLP thread; not thread-safe.
/// </summary>
public sealed class RiskEngine
{
    private readonly RiskTables _tables;
    private readonly LimitTable _limits;
    private readonly TradingSwitches _switches;
    private readonly PositionBook _positions;
    private readonly PreTradeCheck _check;
    private readonly OrderRateTokens _tokens;
    private TradingDayClock _tradingDay;

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

        int maxInstrumentId = 0;
        int maxListingId = 0;
        foreach (RiskInstrument instrument in settings.Instruments)
        {
            maxInstrumentId = Math.Max(maxInstrumentId, instrument.Id.Value);
            foreach (RiskListing listing in instrument.Listings)
            {
                maxListingId = Math.Max(maxListingId, listing.Id.Value);
            }
        }

        if (settings.TradingDayRollNanos is < 0 or >= TradingDayClock.NanosPerDay)
        {
            throw new ArgumentOutOfRangeException(nameof(settings), settings.TradingDayRollNanos, "the trading day's roll must be a time of day (0 to 24 h)");
        }

        _tables = new RiskTables(maxInstrumentId, maxListingId, settings.MaxAccountId, settings.MaxStrategyId, settings.ValuationScale);
        _limits = new LimitTable(_tables, settings);
        _switches = new TradingSwitches(_tables, settings.DeadManIntervalNanos);
        _positions = new PositionBook(_tables);
        _tokens = new OrderRateTokens(_tables);
        _check = new PreTradeCheck(_tables, _switches, _tokens);
        _tradingDay = new TradingDayClock(settings.TradingDayRollNanos);
    }

    public int ValuationScale => _tables.ValuationScale;

    public TradingState GlobalTradingState => _switches.GlobalState;

    public bool GlobalKillSwitch => _switches.GlobalKillSwitch;

    public bool DeadManSwitchFired => _switches.DeadMan.HasFired;

    // ---------------------------------------------------------------- the pre-trade check (PreTradeCheck)

    /// <summary>Decides whether <paramref name="request"/> may go to the book: <see cref="ResultCode.Ok"/> or the first failing check's code.</summary>
    public ResultCode Check(in RiskOrder request) => _check.Check(in request);

    /// <summary>Decides whether a live order may be amended to a new price and quantity (see <see cref="PreTradeCheck.CheckAmend"/>).</summary>
    public ResultCode CheckAmend(in RiskAmend request) => _check.CheckAmend(in request);

    /// <summary>
    /// The check of an order the engine places to protect a position (its protective stop, or the reduce-only market
    /// order that closes it): known ids, the listing's order rules on its price and trigger, and that it only reduces
    /// the position. Switches, limits and order rates do not apply: refusing it would leave the position unprotected.
    /// </summary>
    public ResultCode CheckProtective(in RiskOrder request) => _check.CheckProtective(in request);

    /// <summary>The order the check passed was accepted (the ledger holds its funds): it takes its order-rate tokens.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void TakeOrderTokens(AccountId account, StrategyId strategy, long inputTimeNanos) => _tokens.Take(account, strategy, inputTimeNanos);

    // ---------------------------------------------------------------- positions and P&L (PositionBook)

    /// <summary>An accepted order's quantity counts as filled in the worst-case checks until released or filled.</summary>
    public void OnOrderAccepted(AccountId account, InstrumentId instrument, Side side, Quantity quantity) => _positions.OnOrderAccepted(account, instrument, side, quantity);

    /// <summary>An accepted order's quantity left the book unfilled (canceled, expired, amended down): it no longer counts.</summary>
    public void OnOrderReleased(AccountId account, InstrumentId instrument, Side side, Quantity quantity) => _positions.OnOrderReleased(account, instrument, side, quantity);

    /// <summary>
    /// A fill of the account's order: position and realised P&amp;L, the filled quantity no longer open (never below
    /// zero), the last trade price, and the daily loss limit evaluated. <paramref name="fee"/> is in the instrument's
    /// money scale, positive when paid. True when this fill turned the account's kill switch on.
    /// </summary>
    public bool OnFill(AccountId account, InstrumentId instrument, Side side, Price price, Quantity quantity, Amount fee) =>
        _positions.OnFill(account, instrument, side, price, quantity, fee, releaseOpen: true);

    /// <summary>
    /// As <see cref="OnFill(AccountId, InstrumentId, Side, Price, Quantity, Amount)"/>, for an order whose open quantity
    /// was never counted (<paramref name="releaseOpen"/> false: a reduce-only stop), so its fill releases none.
    /// </summary>
    public bool OnFill(AccountId account, InstrumentId instrument, Side side, Price price, Quantity quantity, Amount fee, bool releaseOpen) =>
        _positions.OnFill(account, instrument, side, price, quantity, fee, releaseOpen);

    /// <summary>A funding payment on a derivative position, in money units (positive when received).</summary>
    public bool OnFunding(AccountId account, InstrumentId instrument, Amount payment) => _positions.OnFunding(account, instrument, payment);

    /// <summary>A mark price: the reference for the price band, unrealised P&amp;L and exposure.</summary>
    public void SetMarkPrice(InstrumentId instrument, Price mark) => _positions.SetMarkPrice(instrument, mark);

    /// <summary>Turns the account's kill switch on when its loss today reached maxDailyLoss; true when this call did.</summary>
    public bool EvaluateDailyLoss(AccountId account) => _positions.EvaluateDailyLoss(account);

    /// <summary>
    /// A new trading day begins: daily realised P&amp;L, fees and funding restart from zero and today's unrealised
    /// P&amp;L is measured from the positions' current unrealised P&amp;L. Kill switches stay as they are.
    /// </summary>
    public void StartTradingDay() => _positions.StartTradingDay();

    /// <summary>
    /// Called with every timer tick's time: when <paramref name="nowNanos"/> is in a later trading day than the last
    /// time seen (days roll at the configured UTC time of day), starts a new one (<see cref="StartTradingDay"/>) and
    /// returns true. The first time seen only sets the day.
    /// </summary>
    public bool AdvanceTradingDay(long nowNanos)
    {
        if (!_tradingDay.Advance(nowNanos))
        {
            return false;
        }

        _positions.StartTradingDay();
        return true;
    }

    /// <summary>The current trading day (days since 1970-01-01 counted from the roll time), or null before the first timer tick.</summary>
    public long? TradingDay => _tradingDay.Day;

    /// <summary>The raw position (read-only), or a flat one for an account or instrument risk does not know.</summary>
    public ref readonly Position GetPosition(AccountId account, InstrumentId instrument) => ref _positions.Slot(account, instrument);

    /// <summary>The position with its derived figures (allocation-free, but not meant for the hot path).</summary>
    public PositionReport Report(AccountId account, InstrumentId instrument) => _positions.Report(account, instrument);

    /// <summary>The account's exposure in the instrument at the reference price (|quantity| x price x multiplier), in valuation units.</summary>
    public Amount SymbolExposure(AccountId account, InstrumentId instrument) => _positions.Report(account, instrument).Exposure;

    /// <summary>The sum of the account's exposures over all instruments, in valuation units (open orders not counted).</summary>
    public Amount GrossExposure(AccountId account) => _positions.GrossExposure(account);

    /// <summary>Today's P&amp;L in valuation units: realised - fees + funding + unrealised now - unrealised at the day's start.</summary>
    public Amount DailyPnl(AccountId account) => _positions.DailyPnl(account);

    // ---------------------------------------------------------------- accounts and limits (LimitTable)

    /// <summary>Makes an account known to risk (idempotent); until then its orders are rejected.</summary>
    public void OpenAccount(AccountId account)
    {
        _tables.RequireAccountSlot(account);
        _tables.Accounts[account.Value].Open = true;
    }

    public bool IsAccountOpen(AccountId account) => _tables.IsAccountOpen(account.Value);

    public bool IsInstrumentConfigured(InstrumentId instrument) => _tables.IsInstrumentConfigured(instrument.Value);

    public void SetInstrumentLimits(InstrumentId instrument, InstrumentRiskLimits limits) => _limits.SetInstrumentLimits(instrument, limits);

    public InstrumentRiskLimits GetInstrumentLimits(InstrumentId instrument) => _limits.GetInstrumentLimits(instrument);

    public void SetAccountLimits(AccountId account, AccountRiskLimits limits)
    {
        _limits.SetAccountLimits(account, limits);
        _tokens.Forget();
    }

    public AccountRiskLimits GetAccountLimits(AccountId account) => _limits.GetAccountLimits(account);

    public void SetStrategyLimits(StrategyId strategy, OrderRateLimit limit)
    {
        _limits.SetStrategyLimits(strategy, limit);
        _tokens.Forget();
    }

    public OrderRateLimit GetStrategyLimits(StrategyId strategy) => _limits.GetStrategyLimits(strategy);

    /// <summary>Whether <paramref name="strategy"/> is within 1..maxStrategyId, so it has an order rate.</summary>
    public bool IsStrategyKnown(StrategyId strategy) => strategy.Value >= 1 && strategy.Value < _tables.Strategies.Length;

    /// <summary>Whole tokens left in the account's order bucket at <paramref name="nowNanos"/>.</summary>
    public long AccountTokens(AccountId account, long nowNanos)
    {
        ref AccountRiskState state = ref _tables.AccountSlot(account);
        return state.OrderBucket.TokensAt(state.Limits.OrderRate, nowNanos);
    }

    // ---------------------------------------------------------------- switches (TradingSwitches)

    public void SetGlobalTradingState(TradingState state) => _switches.SetGlobalState(state);

    public void SetInstrumentTradingState(InstrumentId instrument, TradingState state) => _switches.SetInstrumentState(instrument, state);

    public TradingState GetInstrumentTradingState(InstrumentId instrument) => _switches.InstrumentState(instrument);

    public void SetAccountTradingState(AccountId account, TradingState state) => _switches.SetAccountState(account, state);

    public TradingState GetAccountTradingState(AccountId account) => _switches.AccountState(account);

    /// <summary>The global kill switch: on rejects every order (the BLP cancels all open orders when it turns it on).</summary>
    public void SetGlobalKillSwitch(bool on) => _switches.SetGlobalKillSwitch(on);

    /// <summary>An account's kill switch; the daily loss limit turns it on, only an admin input turns it off.</summary>
    public void SetAccountKillSwitch(AccountId account, bool on) => _switches.SetAccountKillSwitch(account, on);

    public bool IsAccountKillSwitchOn(AccountId account) => _switches.IsAccountKillSwitchOn(account);

    /// <summary>Changes the dead-man interval (0 disables it).</summary>
    public void SetDeadManInterval(long intervalNanos) => _switches.SetDeadManInterval(intervalNanos);

    /// <summary>An admin heartbeat at input time <paramref name="nowNanos"/>: arms or re-arms the dead-man switch.</summary>
    public void OnAdminHeartbeat(long nowNanos) => _switches.OnAdminHeartbeat(nowNanos);

    /// <summary>Called with every timer tick's time: when the heartbeat is overdue, halts trading and returns true exactly once.</summary>
    public bool PollDeadManSwitch(long nowNanos) => _switches.PollDeadMan(nowNanos);

    // ---------------------------------------------------------------- state

    /// <summary>Writes every piece of mutable risk state for a BLP snapshot.</summary>
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection("risk");
        _tables.WriteSnapshot(writer);
        _switches.WriteSnapshot(writer);
        _tradingDay.WriteSnapshot(writer);
    }

    /// <summary>Restores what <see cref="WriteSnapshot"/> wrote; the engine must have been built from the same settings.</summary>
    public void RestoreSnapshot(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        reader.ExpectSection("risk");
        _tables.RestoreSnapshot(reader);
        _tokens.Forget();
        _switches.RestoreSnapshot(reader);
        _tradingDay.RestoreSnapshot(reader);
    }

    /// <summary>Feeds every piece of risk state into <paramref name="hasher"/> in id order (for the engine's StateHash).</summary>
    public void AddToHash(ref StateHasher hasher)
    {
        _switches.AddToHash(ref hasher);
        _tradingDay.AddToHash(ref hasher);
        InstrumentRiskState[] instruments = _tables.Instruments;
        for (int i = 1; i < instruments.Length; i++)
        {
            ref InstrumentRiskState state = ref instruments[i];
            hasher.Add(state.Configured ? 1 : 0);
            hasher.Add((long)state.State);
            hasher.Add(state.MarkPrice);
            hasher.Add(state.LastTradePrice);
            LimitTable.AddToHash(ref hasher, in state.Limits);
        }

        AccountRiskState[] accounts = _tables.Accounts;
        for (int a = 1; a < accounts.Length; a++)
        {
            ref AccountRiskState account = ref accounts[a];
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
            int baseIndex = a * _tables.InstrumentStride;
            for (int i = 1; i < _tables.InstrumentStride; i++)
            {
                _tables.Positions[baseIndex + i].AddToHash(ref hasher);
            }
        }

        StrategyRiskState[] strategies = _tables.Strategies;
        for (int s = 1; s < strategies.Length; s++)
        {
            hasher.Add(strategies[s].Limit.PerSecond);
            hasher.Add(strategies[s].Limit.Burst);
            strategies[s].OrderBucket.AddToHash(ref hasher);
        }
    }
}
