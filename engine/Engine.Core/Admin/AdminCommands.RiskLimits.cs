using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>Risk limit changes: one limit of one scope (instrument, account or strategy), checked against the limits that scope has.</summary>
internal sealed partial class AdminCommands
{
    /// <summary>
    /// One limit, in its unit, in one of three scopes. With an instrument (account and strategy 0): an instrument
    /// limit that applies to every account (MaxOrderQuantity, MaxPosition: quantity mantissa; MaxNotional,
    /// MaxSymbolExposure: valuation amount mantissa; PriceBandBasisPoints: bps, 0 off). With an open account (no
    /// instrument, strategy 0): the account's MaxGrossExposure, MaxDailyLoss (valuation amount mantissa),
    /// MaxOrdersPerSecond (orders, 0 unlimited) or OrderBurst (orders). With a strategy (account 0, no instrument):
    /// its MaxOrdersPerSecond or OrderBurst. Account 0 alone is not an account: new accounts start from the configured
    /// accountDefaults, which only the config changes. Quantity and amount limits must be positive (long.MaxValue is
    /// unlimited; halt to stop trading). MaxOpenOrders has no check in risk. Anything else (mixed or missing scope,
    /// unknown account, instrument or strategy, a limit of another scope, a value out of range) is refused with the
    /// reason and changes nothing.
    /// </summary>
    public void OnRiskLimitChange(Sbe.RiskLimitChangeDecoder change)
    {
        _counters.AdminInputs++;
        long value = change.Value;
        ulong accountId = change.AccountId;
        uint strategyId = change.StrategyIdInActingVersion ? change.StrategyId : 0;
        bool noInstrument = change.InstrumentId == Sbe.RiskLimitChangeDecoder.InstrumentIdNullValue;
        string name = Sbe.RiskLimitNames.Of(change.LimitType);
        if (strategyId != 0)
        {
            if (!noInstrument || accountId != 0)
            {
                _refusal.Refuse(ResultCode.AdminIdNotUsedByScope, Text($"{name} for strategy {strategyId} must name no account and no instrument"));
            }
            else if (strategyId > int.MaxValue || !_risk.IsStrategyKnown(new StrategyId((int)strategyId)))
            {
                _refusal.Refuse(ResultCode.UnknownStrategy, Text($"strategy {strategyId} is outside risk's strategy ids 1..{_settings.Risk.MaxStrategyId}"));
            }
            else
            {
                TryChangeStrategyLimit(new StrategyId((int)strategyId), change.LimitType, value);
            }
        }
        else if (noInstrument)
        {
            if (accountId == 0)
            {
                _refusal.Refuse(ResultCode.AdminScopeMissing, Text($"{name} names no instrument, account or strategy"));
            }
            else if (!IsOpenAccount(accountId))
            {
                _refusal.Refuse(ResultCode.UnknownAccount, Text($"account {accountId} is not an open account"));
            }
            else
            {
                TryChangeAccountLimit(new AccountId((int)accountId), change.LimitType, value);
            }
        }
        else if (accountId != 0)
        {
            _refusal.Refuse(ResultCode.AdminIdNotUsedByScope, Text($"{name} for instrument {change.InstrumentId} applies to every account: it must name no account (got account {accountId})"));
        }
        else if (!IsTraded(change.InstrumentId))
        {
            _refusal.Refuse(ResultCode.UnknownInstrument, Text($"instrument {change.InstrumentId} is not a traded instrument"));
        }
        else
        {
            TryChangeInstrumentLimit(new InstrumentId((int)change.InstrumentId), change.LimitType, value);
        }
    }

    private void TryChangeInstrumentLimit(InstrumentId instrument, Sbe.RiskLimitType type, long value)
    {
        InstrumentRiskLimits limits = _risk.GetInstrumentLimits(instrument);
        InstrumentRiskLimits? changed = type switch
        {
            Sbe.RiskLimitType.MaxOrderQuantity when value > 0 => limits with { MaxOrderSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxPosition when value > 0 => limits with { MaxPositionSize = new Quantity(value) },
            Sbe.RiskLimitType.MaxNotional when value > 0 => limits with { MaxOrderNotional = new Amount(value) },
            Sbe.RiskLimitType.MaxSymbolExposure when value > 0 => limits with { MaxSymbolExposure = new Amount(value) },
            Sbe.RiskLimitType.PriceBandBasisPoints when value is >= 0 and <= int.MaxValue => limits with { PriceBandBps = (int)value },
            _ => null,
        };
        if (changed is null)
        {
            RefuseLimit(type, value, "an instrument", Sbe.RiskLimitType.MaxOrderQuantity, Sbe.RiskLimitType.MaxPosition, Sbe.RiskLimitType.MaxNotional, Sbe.RiskLimitType.MaxSymbolExposure, Sbe.RiskLimitType.PriceBandBasisPoints);
            return;
        }

        _risk.SetInstrumentLimits(instrument, changed.Value);
    }

    private void TryChangeAccountLimit(AccountId account, Sbe.RiskLimitType type, long value)
    {
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
            RefuseLimit(type, value, "an account", Sbe.RiskLimitType.MaxGrossExposure, Sbe.RiskLimitType.MaxDailyLoss, Sbe.RiskLimitType.MaxOrdersPerSecond, Sbe.RiskLimitType.OrderBurst);
            return;
        }

        _risk.SetAccountLimits(account, changed.Value);
    }

    private void TryChangeStrategyLimit(StrategyId strategy, Sbe.RiskLimitType type, long value)
    {
        if (!TryChangeRate(_risk.GetStrategyLimits(strategy), type, value, out OrderRateLimit rate))
        {
            RefuseLimit(type, value, "a strategy", Sbe.RiskLimitType.MaxOrdersPerSecond, Sbe.RiskLimitType.OrderBurst);
            return;
        }

        _risk.SetStrategyLimits(strategy, rate);
    }

    /// <summary>Refuses a limit change that did not apply: a limit of another scope, or a value outside the limit's range.</summary>
    private void RefuseLimit(Sbe.RiskLimitType type, long value, string scope, params ReadOnlySpan<Sbe.RiskLimitType> limitsOfScope)
    {
        string name = Sbe.RiskLimitNames.Of(type);
        if (!limitsOfScope.Contains(type))
        {
            var names = new List<string>(limitsOfScope.Length);
            foreach (Sbe.RiskLimitType limit in limitsOfScope)
            {
                names.Add(Sbe.RiskLimitNames.Of(limit));
            }

            _refusal.Refuse(ResultCode.AdminLimitNotForScope, $"{name} is not {scope} limit (those are {string.Join(", ", names)})");
            return;
        }

        _refusal.Refuse(ResultCode.AdminValueOutOfRange, Text($"{name} {value} is out of range: {Sbe.RiskLimitNames.Range(type)}"));
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
