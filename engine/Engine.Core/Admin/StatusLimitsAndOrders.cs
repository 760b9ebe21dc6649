using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The part of a <c>StatusRequest</c>'s answer that says what constrains trading and what is out there: every
/// pre-trade risk limit in force per scope (each traded instrument's, each open account's, the strategies' default
/// order rate in the global scope and each strategy's own where it differs) and the open orders (id, account, instrument, side, price, remaining quantity, state at the venue).
/// <see cref="StatusReport"/> sizes its buffer with <see cref="Collect"/> and then <see cref="Write"/>s the two
/// EngineStatus groups after its own. It reads only and allocates (an operator's query, not a hot-path input).
/// Owned by the BLP thread.
/// </summary>
internal sealed class StatusLimitsAndOrders
{
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly OrderTable _orders;
    private readonly List<Limit> _limits = [];
    private readonly List<int> _openSlots = [];
    private readonly Dictionary<int, RiskInstrument> _instruments = [];

    public StatusLimitsAndOrders(CoreSettings settings, RiskEngine risk, OrderTable orders)
    {
        _settings = settings;
        _risk = risk;
        _orders = orders;
        foreach (RiskInstrument instrument in settings.Risk.Instruments)
        {
            _instruments[instrument.Id.Value] = instrument;
        }
    }

    /// <summary>A limit's <c>used</c> when nothing accumulates against it (a per-order limit, a rate).</summary>
    public const long NothingUsed = long.MinValue;

    /// <summary>Gathers the limits (with how much of each is used at <paramref name="nowNanos"/>) and open orders; returns the bytes their two groups take.</summary>
    public int Collect(int maxEntriesPerGroup, long nowNanos)
    {
        _limits.Clear();
        _openSlots.Clear();
        CollectInstrumentLimits();
        CollectAccountLimits(nowNanos);
        CollectStrategyLimits();
        if (_limits.Count > maxEntriesPerGroup)
        {
            _limits.RemoveRange(maxEntriesPerGroup, _limits.Count - maxEntriesPerGroup);
        }

        for (int i = 0; i < _orders.SlotCount && _openSlots.Count < maxEntriesPerGroup; i++)
        {
            ref OrderRecord order = ref _orders.SlotAt(i);
            if (!order.Id.IsNone && order.IsOpen)
            {
                _openSlots.Add(i);
            }
        }

        return (2 * 4)
            + (_limits.Count * Sbe.EngineStatusEncoder.LimitsEncoder.BlockLength)
            + (_openSlots.Count * Sbe.EngineStatusEncoder.OrdersEncoder.BlockLength);
    }

    /// <summary>Writes the limits and orders groups (after the positions group) of what <see cref="Collect"/> gathered.</summary>
    public void Write(ref Sbe.EngineStatusEncoder status)
    {
        var limitGroup = status.LimitsCount(_limits.Count);
        foreach (Limit limit in _limits)
        {
            limitGroup.Next();
            limitGroup.TargetId = limit.TargetId;
            limitGroup.Value.SetMantissa(limit.Mantissa).SetExponent((sbyte)-limit.Scale);
            limitGroup.Scope = limit.Scope;
            limitGroup.LimitType = limit.Type;
            limitGroup.Used.SetMantissa(limit.Used).SetExponent((sbyte)(limit.Used == NothingUsed ? 0 : -limit.Scale));
        }

        var orderGroup = status.OrdersCount(_openSlots.Count);
        foreach (int slot in _openSlots)
        {
            ref OrderRecord order = ref _orders.SlotAt(slot);
            TradingRules? rules = _instruments.TryGetValue(order.Instrument.Value, out RiskInstrument? instrument) ? instrument.Rules : null;
            orderGroup.Next();
            orderGroup.OrderId = (ulong)order.Id.Value;
            orderGroup.AccountId = (ulong)order.Account.Value;
            orderGroup.Price.SetMantissa(order.Price.Units).SetExponent((sbyte)-(rules?.PriceScale ?? 0));
            orderGroup.LeavesQuantity.SetMantissa(order.Leaves.Units).SetExponent((sbyte)-(rules?.QuantityScale ?? 0));
            orderGroup.InstrumentId = (uint)order.Instrument.Value;
            orderGroup.StrategyId = (uint)order.Strategy.Value;
            orderGroup.Side = order.Side == Side.Buy ? Sbe.Side.Buy : Sbe.Side.Sell;
            orderGroup.State = ToWire(order.State);
        }
    }

    private void CollectInstrumentLimits()
    {
        int money = _risk.ValuationScale;
        foreach (RiskInstrument instrument in _settings.Risk.Instruments)
        {
            InstrumentRiskLimits limits = _risk.GetInstrumentLimits(instrument.Id);
            ulong id = (ulong)instrument.Id.Value;
            int quantity = instrument.Rules.QuantityScale;
            (long largestPosition, long largestExposure) = LargestUse(instrument.Id);
            Add(Sbe.KillScope.Instrument, id, Sbe.RiskLimitType.MaxOrderQuantity, limits.MaxOrderSize.Units, quantity);
            Add(Sbe.KillScope.Instrument, id, Sbe.RiskLimitType.MaxNotional, limits.MaxOrderNotional.Units, money);
            Add(Sbe.KillScope.Instrument, id, Sbe.RiskLimitType.MaxPosition, limits.MaxPositionSize.Units, quantity, largestPosition);
            Add(Sbe.KillScope.Instrument, id, Sbe.RiskLimitType.MaxSymbolExposure, limits.MaxSymbolExposure.Units, money, largestExposure);
            Add(Sbe.KillScope.Instrument, id, Sbe.RiskLimitType.PriceBandBasisPoints, limits.PriceBandBps, 0);
        }
    }

    private void CollectAccountLimits(long nowNanos)
    {
        int money = _risk.ValuationScale;
        for (int a = 1; a <= _settings.Risk.MaxAccountId; a++)
        {
            var account = new AccountId(a);
            if (!_risk.IsAccountOpen(account))
            {
                continue;
            }

            AccountRiskLimits limits = _risk.GetAccountLimits(account);
            Add(Sbe.KillScope.Account, (ulong)a, Sbe.RiskLimitType.MaxGrossExposure, limits.MaxGrossExposure.Units, money, _risk.GrossExposure(account).Units);
            Add(Sbe.KillScope.Account, (ulong)a, Sbe.RiskLimitType.MaxDailyLoss, limits.MaxDailyLoss.Units, money, Math.Max(0, -_risk.DailyPnl(account).Units));
            Add(Sbe.KillScope.Account, (ulong)a, Sbe.RiskLimitType.MaxOrdersPerSecond, limits.OrderRate.PerSecond, 0);
            Add(Sbe.KillScope.Account, (ulong)a, Sbe.RiskLimitType.OrderBurst, limits.OrderRate.Burst, 0, Math.Max(0, limits.OrderRate.Burst - _risk.AccountTokens(account, nowNanos)));
        }
    }

    /// <summary>
    /// Risk keeps an order rate for every strategy id up to maxStrategyId (strategies of external gateways included):
    /// the configured strategyDefaults are listed once in the global scope, and a strategy only when its own differs.
    /// </summary>
    private void CollectStrategyLimits()
    {
        OrderRateLimit defaults = _settings.Risk.StrategyDefaults;
        AddRate(Sbe.KillScope.All, 0, defaults);
        for (int s = 1; _risk.IsStrategyKnown(new StrategyId(s)); s++)
        {
            OrderRateLimit rate = _risk.GetStrategyLimits(new StrategyId(s));
            if (rate != defaults)
            {
                AddRate(Sbe.KillScope.Strategy, (ulong)s, rate);
            }
        }
    }

    private void AddRate(Sbe.KillScope scope, ulong id, OrderRateLimit rate)
    {
        Add(scope, id, Sbe.RiskLimitType.MaxOrdersPerSecond, rate.PerSecond, 0);
        Add(scope, id, Sbe.RiskLimitType.OrderBurst, rate.Burst, 0);
    }

    /// <summary>An instrument limit holds per account: what is used is the most any open account uses.</summary>
    private (long Position, long Exposure) LargestUse(InstrumentId instrument)
    {
        long position = 0;
        long exposure = 0;
        for (int a = 1; a <= _settings.Risk.MaxAccountId; a++)
        {
            var account = new AccountId(a);
            if (_risk.IsAccountOpen(account))
            {
                position = Math.Max(position, Math.Abs(_risk.GetPosition(account, instrument).Quantity.Units));
                exposure = Math.Max(exposure, Math.Abs(_risk.SymbolExposure(account, instrument).Units));
            }
        }

        return (position, exposure);
    }

    private void Add(Sbe.KillScope scope, ulong id, Sbe.RiskLimitType type, long mantissa, int scale, long used = NothingUsed) =>
        _limits.Add(new Limit(scope, id, type, mantissa, scale, used));

    private static Sbe.OrderVenueState ToWire(OrderState state) => state switch
    {
        OrderState.PendingNew => Sbe.OrderVenueState.PendingNew,
        OrderState.PendingCancel => Sbe.OrderVenueState.PendingCancel,
        OrderState.PendingAmend => Sbe.OrderVenueState.PendingAmend,
        OrderState.Unknown => Sbe.OrderVenueState.Unknown,
        _ => Sbe.OrderVenueState.Working,
    };

    private readonly record struct Limit(Sbe.KillScope Scope, ulong TargetId, Sbe.RiskLimitType Type, long Mantissa, int Scale, long Used);
}
