using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Operators' inputs: kill switches, risk limits, trading states, the dead-man heartbeat, strategy parameters and
/// funds transfers. Each is applied in full or not at all; one that cannot apply (an unknown target, an out-of-range
/// value) is counted as malformed and changes nothing, and <see cref="AdminAnswers"/> reports it refused.
/// Owned by the BLP thread.
/// </summary>
internal sealed class AdminCommands
{
    // Risk's largest token-bucket capacity (orders).
    private const int MaxOrderBurst = 1_000_000_000;

    private readonly InputContext _input;
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly RiskEngine _risk;
    private readonly Accounting _accounting;
    private readonly TradedInstruments _traded;
    private readonly OrderManager _orders;
    private readonly StrategyHost _strategies;

    public AdminCommands(InputContext input, EngineCounters counters, CoreSettings settings, RiskEngine risk, Accounting accounting, TradedInstruments traded, OrderManager orders, StrategyHost strategies)
    {
        _input = input;
        _counters = counters;
        _settings = settings;
        _risk = risk;
        _accounting = accounting;
        _traded = traded;
        _orders = orders;
        _strategies = strategies;
    }

    public void OnKillSwitch(Sbe.KillSwitchDecoder kill)
    {
        _counters.AdminInputs++;
        bool engage = kill.Action == Sbe.SwitchAction.Engage;
        if (!engage && kill.Action != Sbe.SwitchAction.Release)
        {
            _counters.MalformedInputs++;
            return;
        }

        ulong target = kill.TargetId;
        switch (kill.Scope)
        {
            case Sbe.KillScope.All:
                _risk.SetGlobalKillSwitch(engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelEverything();
                }

                break;
            case Sbe.KillScope.Account when target is > 0 and <= int.MaxValue && _risk.IsAccountOpen(new AccountId((int)target)):
                _risk.SetAccountKillSwitch(new AccountId((int)target), engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfAccount(new AccountId((int)target)));
                }

                break;
            case Sbe.KillScope.Instrument when target is > 0 and <= int.MaxValue && _traded.TryGet(new InstrumentId((int)target)) is not null:
                _risk.SetInstrumentTradingState(new InstrumentId((int)target), engage ? TradingState.Halted : TradingState.Active);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfInstrument(new InstrumentId((int)target)));
                }

                break;
            case Sbe.KillScope.Strategy when _strategies.IsValidId(target):
                _strategies.SetKilled(new StrategyId((int)target), engage);
                if (engage)
                {
                    _counters.KillSwitchCancels += _orders.CancelWhere(OrderFilter.OfStrategy(new StrategyId((int)target)));
                }

                break;
            default:
                _counters.MalformedInputs++;
                break;
        }
    }

    /// <summary>
    /// One limit, in its unit, in one of three scopes. With an instrument (account and strategy 0): an instrument
    /// limit that applies to every account (MaxOrderQuantity, MaxPosition: quantity mantissa; MaxNotional,
    /// MaxSymbolExposure: valuation amount mantissa; PriceBandBasisPoints: bps, 0 off). With an open account (no
    /// instrument, strategy 0): the account's MaxGrossExposure, MaxDailyLoss (valuation amount mantissa),
    /// MaxOrdersPerSecond (orders, 0 unlimited) or OrderBurst (orders). With a strategy (account 0, no instrument):
    /// its MaxOrdersPerSecond or OrderBurst. Account 0 alone is not an account: new accounts start from the configured
    /// accountDefaults, which only the config changes. Quantity and amount limits must be positive (long.MaxValue is
    /// unlimited; halt to stop trading). MaxOpenOrders has no check in risk. Anything else (mixed or wrong scope,
    /// unknown account, instrument or strategy, negative or out-of-range value) is counted as malformed and changes
    /// nothing.
    /// </summary>
    public void OnRiskLimitChange(Sbe.RiskLimitChangeDecoder change)
    {
        _counters.AdminInputs++;
        long value = change.Value;
        ulong accountId = change.AccountId;
        uint strategyId = change.StrategyIdInActingVersion ? change.StrategyId : 0;
        bool noInstrument = change.InstrumentId == Sbe.RiskLimitChangeDecoder.InstrumentIdNullValue;
        bool applied = value >= 0 && (strategyId != 0
            ? noInstrument && accountId == 0 && strategyId <= int.MaxValue && TryChangeStrategyLimit(new StrategyId((int)strategyId), change.LimitType, value)
            : noInstrument
                ? accountId is > 0 and <= int.MaxValue && TryChangeAccountLimit(new AccountId((int)accountId), change.LimitType, value)
                : accountId == 0 && change.InstrumentId <= int.MaxValue && TryChangeInstrumentLimit(new InstrumentId((int)change.InstrumentId), change.LimitType, value));
        if (!applied)
        {
            _counters.MalformedInputs++;
        }
    }

    public void OnDeadManHeartbeat(Sbe.DeadManHeartbeatDecoder heartbeat)
    {
        _counters.AdminInputs++;
        if (heartbeat.Timeout > 0)
        {
            _risk.SetDeadManInterval(heartbeat.Timeout);
        }

        _risk.OnAdminHeartbeat(_input.Time);
    }

    /// <summary>
    /// Sets the trading state of one instrument, one open account or everything (a version 0 message has no scope: it
    /// means the instrument). The ids the scope does not use must be 0. The state changes only what new orders may do:
    /// open orders stay (a kill switch cancels them).
    /// </summary>
    public void OnInstrumentTradingAction(Sbe.InstrumentTradingActionDecoder action)
    {
        _counters.AdminInputs++;
        TradingState? state = action.Action switch
        {
            Sbe.TradingAction.Halt => TradingState.Halted,
            Sbe.TradingAction.ReduceOnly => TradingState.Reducing,
            Sbe.TradingAction.Resume => TradingState.Active,
            _ => null,
        };
        uint instrumentId = action.InstrumentId;
        ulong accountId = action.AccountIdInActingVersion ? action.AccountId : 0;
        Sbe.TradingScope scope = action.ScopeInActingVersion ? action.Scope : Sbe.TradingScope.Instrument;
        if (state is not { } newState)
        {
            _counters.MalformedInputs++;
            return;
        }

        switch (scope)
        {
            case Sbe.TradingScope.Instrument when accountId == 0 && instrumentId <= int.MaxValue && _traded.TryGet(new InstrumentId((int)instrumentId)) is not null:
                _risk.SetInstrumentTradingState(new InstrumentId((int)instrumentId), newState);
                break;
            case Sbe.TradingScope.Account when instrumentId == 0 && accountId is > 0 and <= int.MaxValue && _risk.IsAccountOpen(new AccountId((int)accountId)):
                _risk.SetAccountTradingState(new AccountId((int)accountId), newState);
                break;
            case Sbe.TradingScope.Global when instrumentId == 0 && accountId == 0:
                _risk.SetGlobalTradingState(newState);
                break;
            default:
                _counters.MalformedInputs++;
                break;
        }
    }

    public void OnStrategyParameterChange(Sbe.StrategyParameterChangeDecoder change)
    {
        _counters.AdminInputs++;
        uint id = change.StrategyId;
        string name = change.NameAsString();
        string value = change.ValueAsString();
        if (!_strategies.OnParameter(id, name, value))
        {
            _counters.MalformedInputs++;
        }
    }

    public void OnFundsTransfer(Sbe.FundsTransferRequestDecoder transfer)
    {
        _counters.AdminInputs++;
        var account = new AccountId((int)Math.Min(transfer.AccountId, int.MaxValue));
        var asset = new AssetId((int)transfer.AssetId);
        var amount = new Amount(transfer.Amount.Mantissa);
        if (account.IsNone || account.Value > _settings.Risk.MaxAccountId || asset.Value < 1 || asset.Value > _accounting.Assets.Count || !amount.IsPositive)
        {
            _counters.MalformedInputs++;
            return;
        }

        if (!_risk.IsAccountOpen(account))
        {
            _risk.OpenAccount(account);
        }

        LedgerResult result = transfer.Direction == Sbe.FundsDirection.Deposit
            ? _accounting.Deposit(account, asset, amount, _input.Time)
            : transfer.Direction == Sbe.FundsDirection.Withdrawal ? _accounting.Withdraw(account, asset, amount, _input.Time) : LedgerResult.CodeMustNotBeZero;
        if (result != LedgerResult.Ok)
        {
            // An overdrawing withdrawal is refused by the ledger (debits must not exceed credits): nothing moved.
            _counters.MalformedInputs++;
        }
    }

    private bool TryChangeInstrumentLimit(InstrumentId instrument, Sbe.RiskLimitType type, long value)
    {
        if (_traded.TryGet(instrument) is null)
        {
            return false;
        }

        InstrumentRiskLimits limits = _risk.GetInstrumentLimits(instrument);
        InstrumentRiskLimits? changed = type switch
        {
            Sbe.RiskLimitType.MaxOrderQuantity when value > 0 => limits with { MaxOrderSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxPosition when value > 0 => limits with { MaxPositionSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxNotional when value > 0 => limits with { MaxOrderNotional = new Amount(value) },
            Sbe.RiskLimitType.MaxSymbolExposure when value > 0 => limits with { MaxSymbolExposure = new Amount(value) },
            Sbe.RiskLimitType.PriceBandBasisPoints when value <= int.MaxValue => limits with { PriceBandBps = (int)value },
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        _risk.SetInstrumentLimits(instrument, changed.Value);
        return true;
    }

    private bool TryChangeAccountLimit(AccountId account, Sbe.RiskLimitType type, long value)
    {
        if (!_risk.IsAccountOpen(account))
        {
            return false;
        }

        AccountRiskLimits limits = _risk.GetAccountLimits(account);
        AccountRiskLimits? changed = type switch
        {
            Sbe.RiskLimitType.MaxGrossExposure when value > 0 => limits with { MaxGrossExposure = new Amount(value) },
            Sbe.RiskLimitType.MaxDailyLoss when value > 0 => limits with { MaxDailyLoss = new Amount(value) },
            Sbe.RiskLimitType.MaxOrdersPerSecond or Sbe.RiskLimitType.OrderBurst when TryChangeRate(limits.OrderRate, type, value, out OrderRateLimit rate) =>
                limits with { OrderRate = rate },
            _ => null,
        };
        if (changed is null)
        {
            return false;
        }

        _risk.SetAccountLimits(account, changed.Value);
        return true;
    }

    private bool TryChangeStrategyLimit(StrategyId strategy, Sbe.RiskLimitType type, long value)
    {
        if (!_risk.IsStrategyKnown(strategy) || !TryChangeRate(_risk.GetStrategyLimits(strategy), type, value, out OrderRateLimit rate))
        {
            return false;
        }

        _risk.SetStrategyLimits(strategy, rate);
        return true;
    }

    /// <summary>
    /// The token bucket with its rate (0 unlimited) or burst changed. A bucket that had no burst (it was unlimited)
    /// holds one second's worth until OrderBurst says otherwise.
    /// </summary>
    private static bool TryChangeRate(OrderRateLimit current, Sbe.RiskLimitType type, long value, out OrderRateLimit changed)
    {
        switch (type)
        {
            case Sbe.RiskLimitType.MaxOrdersPerSecond when value is >= 0 and <= MaxOrderBurst:
                changed = new OrderRateLimit((int)value, current.Burst >= 1 ? current.Burst : (int)Math.Max(value, 1));
                return true;
            case Sbe.RiskLimitType.OrderBurst when value is >= 1 and <= MaxOrderBurst:
                changed = current with { Burst = (int)value };
                return true;
            default:
                changed = current;
                return false;
        }
    }
}
