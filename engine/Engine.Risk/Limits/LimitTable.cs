using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>
/// The limits risk enforces, per instrument, account and strategy, and the rules of every traded listing: set from
/// the settings, changed by admin inputs, validated on every change (an invalid limit throws and changes nothing).
/// Instrument limits are stored with their price x quantity thresholds, so the check compares without dividing.
/// Owned by the BLP thread.
/// </summary>
internal sealed class LimitTable
{
    private const int MaxBurst = 1_000_000_000;

    private readonly RiskTables _tables;

    public LimitTable(RiskTables tables, RiskSettings settings)
    {
        _tables = tables;
        foreach (RiskInstrument instrument in settings.Instruments)
        {
            Configure(instrument);
        }

        ValidateRate(settings.StrategyDefaults);
        ValidateAccountLimits(settings.AccountDefaults);
        AccountRiskState[] accounts = tables.Accounts;
        for (int i = 0; i < accounts.Length; i++)
        {
            accounts[i].Limits = settings.AccountDefaults;
        }

        foreach (KeyValuePair<AccountId, AccountRiskLimits> pair in settings.AccountOverrides)
        {
            tables.RequireAccountSlot(pair.Key);
            ValidateAccountLimits(pair.Value);
            accounts[pair.Key.Value].Limits = pair.Value;
        }

        StrategyRiskState[] strategies = tables.Strategies;
        for (int i = 1; i < strategies.Length; i++)
        {
            strategies[i].Limit = settings.StrategyDefaults;
        }
    }

    public void SetInstrumentLimits(InstrumentId instrument, InstrumentRiskLimits limits)
    {
        ref InstrumentRiskState state = ref _tables.InstrumentSlot(instrument);
        ValidateInstrumentLimits(limits, state.IsDerivative);
        Apply(ref state, limits);
    }

    public InstrumentRiskLimits GetInstrumentLimits(InstrumentId instrument) => _tables.InstrumentSlot(instrument).Limits;

    public void SetAccountLimits(AccountId account, AccountRiskLimits limits)
    {
        _tables.RequireAccountSlot(account);
        ValidateAccountLimits(limits);
        _tables.Accounts[account.Value].Limits = limits;
    }

    public AccountRiskLimits GetAccountLimits(AccountId account) => _tables.AccountSlot(account).Limits;

    public void SetStrategyLimits(StrategyId strategy, OrderRateLimit limit)
    {
        _tables.RequireStrategySlot(strategy);
        ValidateRate(limit);
        _tables.Strategies[strategy.Value].Limit = limit;
    }

    public OrderRateLimit GetStrategyLimits(StrategyId strategy)
    {
        _tables.RequireStrategySlot(strategy);
        return _tables.Strategies[strategy.Value].Limit;
    }

    public static void AddToHash(ref StateHasher hasher, in InstrumentRiskLimits limits)
    {
        hasher.Add(limits.MaxOrderSize.Units);
        hasher.Add(limits.MaxOrderNotional.Units);
        hasher.Add(limits.MaxPositionSize.Units);
        hasher.Add(limits.MaxSymbolExposure.Units);
        hasher.Add(limits.PriceBandBps);
        hasher.Add(limits.InitialMarginBps);
    }

    private void Configure(RiskInstrument instrument)
    {
        if (instrument.Id.Value < 1)
        {
            throw new ArgumentException($"instrument {instrument.Symbol} has no id");
        }

        ref InstrumentRiskState state = ref _tables.Instruments[instrument.Id.Value];
        if (state.Configured)
        {
            throw new ArgumentException($"instrument {instrument.Symbol} (id {instrument.Id}) is configured twice");
        }

        if (instrument.Kind is not (InstrumentKind.Spot or InstrumentKind.Perpetual or InstrumentKind.Future))
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: risk supports spot, perpetual and future, not {instrument.Kind}");
        }

        TradingRules rules = instrument.Rules;
        RequireValidRules(instrument, rules);
        int moneyScale = instrument.MoneyScale;
        if (moneyScale > _tables.ValuationScale)
        {
            throw new ArgumentException(
                $"instrument {instrument.Symbol}: its money scale {moneyScale} (price {rules.PriceScale} + quantity {rules.QuantityScale} + multiplier {rules.Multiplier.Scale}) exceeds the valuation scale {_tables.ValuationScale}, so its amounts would not convert exactly");
        }

        long valuationFactor = FixedPointMath.Pow10(_tables.ValuationScale - moneyScale);
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
        state.PrimaryListing = instrument.Listings.Count > 0 ? instrument.Listings[0].Id : ListingId.None;
        Apply(ref state, instrument.Limits);
        foreach (RiskListing listing in instrument.Listings)
        {
            ConfigureListing(instrument, listing);
        }
    }

    private void ConfigureListing(RiskInstrument instrument, RiskListing listing)
    {
        if (listing.Id.Value < 1 || listing.Id.Value >= _tables.Listings.Length)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: listing id {listing.Id} is outside 1..{_tables.Listings.Length - 1}");
        }

        TradingRules rules = listing.Rules;
        RequireValidRules(instrument, rules);
        if (rules.PriceScale != instrument.Rules.PriceScale || rules.QuantityScale != instrument.Rules.QuantityScale || rules.Multiplier != instrument.Rules.Multiplier)
        {
            throw new ArgumentException(
                $"instrument {instrument.Symbol}: listing {listing.Id} has price scale {rules.PriceScale}, quantity scale {rules.QuantityScale} and multiplier {rules.Multiplier.Units}e-{rules.Multiplier.Scale}, the first listing {instrument.Rules.PriceScale}, {instrument.Rules.QuantityScale} and {instrument.Rules.Multiplier.Units}e-{instrument.Rules.Multiplier.Scale}: listings traded together add up to one position, so they must agree");
        }

        ref ListingRiskState state = ref _tables.Listings[listing.Id.Value];
        if (state.Configured)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: listing {listing.Id} is configured twice");
        }

        state.Configured = true;
        state.Instrument = instrument.Id;
        state.Rules = rules;
        state.MinNotionalScaled = (Int128)rules.MinNotional.Units * FixedPointMath.Pow10(rules.Multiplier.Scale);
    }

    private static void RequireValidRules(RiskInstrument instrument, TradingRules rules)
    {
        if (rules.TickSize.Units <= 0 || rules.LotSize.Units <= 0 || rules.Multiplier.Units <= 0)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: tick, lot and contract multiplier must be positive");
        }

        if (instrument.Kind == InstrumentKind.Spot && rules.Multiplier != ContractMultiplier.One)
        {
            throw new ArgumentException($"instrument {instrument.Symbol}: a spot instrument's contract multiplier must be 1");
        }
    }

    /// <summary>Stores the limits with their price x quantity thresholds, and the instrument's rules' minimum notional.</summary>
    private static void Apply(ref InstrumentRiskState state, InstrumentRiskLimits limits)
    {
        state.Limits = limits;
        state.MaxOrderNotionalPriceQuantity = Threshold(limits.MaxOrderNotional.Units, state.PriceQuantityFactor);
        state.MaxSymbolExposurePriceQuantity = Threshold(limits.MaxSymbolExposure.Units, state.PriceQuantityFactor);
        state.MinNotionalScaled = (Int128)state.Rules.MinNotional.Units * FixedPointMath.Pow10(state.Rules.Multiplier.Scale);

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

        if (limit.PerSecond < 0 || limit.Burst < 1 || limit.Burst > MaxBurst)
        {
            throw new ArgumentException($"an order rate needs perSecond >= 0 and burst within 1..{MaxBurst}, got {limit.PerSecond}/s burst {limit.Burst}", nameof(limit));
        }
    }
}
