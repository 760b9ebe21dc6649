namespace Engine.Primitives;

/// <summary>
/// Every reject or outcome code, in numeric ranges per subsystem (exchange-core style) so a code alone says who
/// decided: 0 success, 1xxx input validation, 2xxx risk, 3xxx matching, 4xxx ledger, 5xxx-9xxx reserved.
/// The numbers are part of the wire and journal formats: never renumber, only add.
/// </summary>
public enum ResultCode : short
{
    Ok = 0,

    // 1xxx: the command itself is malformed or names nothing we know.
    UnknownInstrument = 1001,
    UnknownVenue = 1002,
    UnknownAccount = 1003,

    // 2xxx: risk (defined by the risk subsystem).

    // 3xxx: matching.
    PriceNotOnTick = 3001,
    PriceNotPositive = 3002,
    QuantityNotOnLot = 3003,
    QuantityNotPositive = 3004,
    QuantityBelowMinimum = 3005,
    NotionalBelowMinimum = 3006,
    DuplicateOrderId = 3007,
    UnknownOrder = 3008,
    PostOnlyWouldTake = 3009,
    FillOrKillNotFillable = 3010,
    ReduceOnlyWouldIncrease = 3011,
    MarketProtectionPriceRequired = 3012,
    NoLiquidity = 3013,
    SelfTradePrevented = 3014,
    AmendNoChange = 3015,
    InvalidOrderType = 3016,
    PostOnlyRequiresLimitGtc = 3017,
    NotionalOverflow = 3018,
    InternalBookFull = 3019,

    // 4xxx: ledger (defined by the ledger subsystem).
}
