namespace Engine.Risk;

/// <summary>
/// Why the pre-trade check rejected an order, in the risk range (2xxx) of the engine's result codes, so a code alone
/// says that risk decided. The numbers are part of the wire and journal formats: never renumber, only add.
/// <see cref="RiskRejectCodes.Reason"/> gives the one-line reason.
/// </summary>
public enum RiskRejectCode : short
{
    Ok = 0,

    // Limits on one order.
    MaxOrderSize = 2001,
    MaxOrderNotional = 2002,

    // Limits on what the account would hold if the order and its open orders filled.
    MaxPositionSize = 2003,
    MaxSymbolExposure = 2004,
    MaxGrossExposure = 2005,
    DailyLossLimit = 2006,

    // Fat-finger band around the reference (mark) price.
    PriceOutsideBand = 2007,
    NoReferencePrice = 2008,

    // Order rate (token buckets on input time).
    AccountOrderRate = 2009,
    StrategyOrderRate = 2010,

    ReduceOnlyWouldIncrease = 2011,

    // Instrument trading rules.
    PriceNotPositive = 2012,
    PriceNotOnTick = 2013,
    QuantityNotPositive = 2014,
    QuantityNotOnLot = 2015,
    QuantityBelowMinimum = 2016,
    NotionalBelowMinimum = 2017,

    // Balances from the ledger.
    InsufficientBalance = 2018,
    BalanceUnavailable = 2019,

    // Trading states and switches.
    GlobalHalted = 2020,
    InstrumentHalted = 2021,
    AccountHalted = 2022,
    GlobalReducingOnly = 2023,
    InstrumentReducingOnly = 2024,
    AccountReducingOnly = 2025,
    GlobalKillSwitch = 2026,
    AccountKillSwitch = 2027,
    DeadManSwitchTriggered = 2028,
    DeadManSwitchNotArmed = 2029,

    // The check cannot decide (fail closed).
    UnknownInstrument = 2030,
    UnknownAccount = 2031,
    UnknownStrategy = 2032,
    ArithmeticOverflow = 2033,

    // Amends.
    AmendAboveHoldPrice = 2034,
}
