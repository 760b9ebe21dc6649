namespace Engine.Risk;

/// <summary>Reasons in words for <see cref="RiskRejectCode"/>. Stateless; every reason is a constant string.</summary>
public static class RiskRejectCodes
{
    /// <summary>One line a person can act on; constant strings, so logging it does not allocate.</summary>
    public static string Reason(RiskRejectCode code) => code switch
    {
        RiskRejectCode.Ok => "ok",
        RiskRejectCode.MaxOrderSize => "the order quantity exceeds maxOrderSize for the instrument",
        RiskRejectCode.MaxOrderNotional => "the order notional exceeds maxOrderNotional for the instrument",
        RiskRejectCode.MaxPositionSize => "the position, with open orders and this order filled, would exceed maxPositionSize",
        RiskRejectCode.MaxSymbolExposure => "the exposure in the instrument would exceed maxSymbolExposure",
        RiskRejectCode.MaxGrossExposure => "the account's gross exposure would exceed maxGrossExposure",
        RiskRejectCode.DailyLossLimit => "the account's loss today reached maxDailyLoss; its kill switch is now on",
        RiskRejectCode.PriceOutsideBand => "the price is outside priceBandBps around the reference price",
        RiskRejectCode.NoReferencePrice => "no reference price for the instrument yet, so the price band cannot be checked",
        RiskRejectCode.AccountOrderRate => "the account exceeded its order rate (orderRatePerSecond, orderBurst)",
        RiskRejectCode.StrategyOrderRate => "the strategy exceeded its order rate (orderRatePerSecond, orderBurst)",
        RiskRejectCode.ReduceOnlyWouldIncrease => "reduce-only order would open, increase or flip the position",
        RiskRejectCode.PriceNotPositive => "the price must be positive",
        RiskRejectCode.PriceNotOnTick => "the price is not a multiple of the tick size",
        RiskRejectCode.QuantityNotPositive => "the quantity must be positive",
        RiskRejectCode.QuantityNotOnLot => "the quantity is not a multiple of the lot size",
        RiskRejectCode.QuantityBelowMinimum => "the quantity is below the instrument's minimum",
        RiskRejectCode.NotionalBelowMinimum => "price x quantity is below the instrument's minimum notional",
        RiskRejectCode.InsufficientBalance => "the available balance does not cover the order",
        RiskRejectCode.BalanceUnavailable => "the ledger could not tell the available balance",
        RiskRejectCode.GlobalHalted => "trading is halted for everyone",
        RiskRejectCode.InstrumentHalted => "trading in the instrument is halted",
        RiskRejectCode.AccountHalted => "trading is halted for the account",
        RiskRejectCode.GlobalReducingOnly => "trading is reducing-only for everyone and the order would not reduce",
        RiskRejectCode.InstrumentReducingOnly => "the instrument is reducing-only and the order would not reduce",
        RiskRejectCode.AccountReducingOnly => "the account is reducing-only and the order would not reduce",
        RiskRejectCode.GlobalKillSwitch => "the global kill switch is on",
        RiskRejectCode.AccountKillSwitch => "the account's kill switch is on",
        RiskRejectCode.DeadManSwitchTriggered => "no admin heartbeat within the dead-man interval: trading halted",
        RiskRejectCode.DeadManSwitchNotArmed => "the dead-man switch is enabled but no admin heartbeat has armed it",
        RiskRejectCode.UnknownInstrument => "the instrument has no risk limits configured",
        RiskRejectCode.UnknownAccount => "the account is not open in risk",
        RiskRejectCode.UnknownStrategy => "the strategy id is outside the configured range",
        RiskRejectCode.ArithmeticOverflow => "an exposure or P&L does not fit 64 bits, so the check cannot decide",
        RiskRejectCode.AmendAboveHoldPrice => "a buy cannot be amended above the price its funds are held at",
        _ => "unknown risk reject code",
    };
}
