namespace Engine.Primitives;

/// <summary>
/// The engine's one registry of result codes: every outcome any subsystem reports, with a number that means one
/// thing everywhere (in risk, matching, the ledger, on the wire and in the journal). Numeric ranges name the
/// subsystem that decided (exchange-core's convention): 0 success, 1xxx the request itself, 2xxx pre-trade risk,
/// 3xxx order rules and matching, 4xxx the ledger, 5xxx a venue, 6xxx an admin command. The wire's <c>ResultCode</c> enum
/// (schemas/engine-types.xml) carries these numbers unchanged; a test checks the two agree.
/// <para>
/// The numbers are part of the wire and journal formats: never renumber, never reuse a retired number, only add.
/// Retired: 2011-2019 (risk's copies of the order rules and balance checks; the rules are 3001-3006 wherever they are
/// checked, and the ledger's reservation is the one balance check), 2030-2032 (now 1001, 1003, 1006).
/// <see cref="ResultCodes.Reason"/> gives each code's one-line reason.
/// </para>
/// </summary>
public enum ResultCode : short
{
    Ok = 0,

    // 1xxx: the request is malformed or names nothing the engine knows.
    UnknownInstrument = 1001,
    UnknownVenue = 1002,
    UnknownAccount = 1003,
    InvalidMessage = 1004,
    UnknownListing = 1005,
    UnknownStrategy = 1006,

    // 2xxx: pre-trade risk. Limits on one order, then on what the account would hold.
    MaxOrderSize = 2001,
    MaxOrderNotional = 2002,
    MaxPositionSize = 2003,
    MaxSymbolExposure = 2004,
    MaxGrossExposure = 2005,
    DailyLossLimit = 2006,
    PriceOutsideBand = 2007,
    NoReferencePrice = 2008,
    AccountOrderRate = 2009,
    StrategyOrderRate = 2010,

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
    ArithmeticOverflow = 2033,
    AmendAboveHoldPrice = 2034,
    MaxOpenOrders = 2035,
    StrategyKillSwitch = 2036,

    // 3xxx: the listing's order rules (checked by risk and by every matching engine) and matching.
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

    // 4xxx: the ledger (TigerBeetle's create-transfer results, checked in this order).
    LinkedEventFailed = 4001,
    LinkedEventChainOpen = 4002,
    IdMustNotBeZero = 4003,
    FlagsAreMutuallyExclusive = 4004,
    DebitAccountIdMustNotBeZero = 4005,
    CreditAccountIdMustNotBeZero = 4006,
    AccountsMustBeDifferent = 4007,
    PendingIdMustBeZero = 4008,
    PendingIdMustNotBeZero = 4009,
    PendingIdMustBeDifferent = 4010,
    TimeoutReservedForPendingTransfer = 4011,
    TimeoutMustNotBeNegative = 4012,
    CodeMustNotBeZero = 4013,
    AmountMustBePositive = 4014,
    DebitAccountNotFound = 4015,
    CreditAccountNotFound = 4016,
    AccountsMustHaveTheSameAsset = 4017,
    PendingTransferNotFound = 4018,
    PendingTransferNotPending = 4019,
    PendingTransferHasDifferentDebitAccount = 4020,
    PendingTransferHasDifferentCreditAccount = 4021,
    PendingTransferHasDifferentCode = 4022,
    ExceedsPendingTransferAmount = 4023,
    PendingTransferHasDifferentAmount = 4024,
    ExistsWithDifferentFlags = 4025,
    ExistsWithDifferentDebitAccount = 4026,
    ExistsWithDifferentCreditAccount = 4027,
    ExistsWithDifferentAmount = 4028,
    ExistsWithDifferentPendingId = 4029,
    ExistsWithDifferentUserData = 4030,
    ExistsWithDifferentTimeout = 4031,
    ExistsWithDifferentCode = 4032,
    Exists = 4033,
    PendingTransferAlreadyPosted = 4034,
    PendingTransferAlreadyVoided = 4035,
    PendingTransferExpired = 4036,
    OverflowsDebitsPending = 4037,
    OverflowsCreditsPending = 4038,
    OverflowsDebitsPosted = 4039,
    OverflowsCreditsPosted = 4040,
    OverflowsDebits = 4041,
    OverflowsCredits = 4042,
    OverflowsTimeout = 4043,
    ExceedsCredits = 4044,
    ExceedsDebits = 4045,

    // Ledger accounts.
    AccountExistsWithDifferentFlags = 4101,
    AccountAssetMustNotBeZero = 4102,

    // 5xxx: a venue refused the request (its own text travels with the report).
    VenueRejected = 5001,
    VenueRateLimited = 5002,
    VenueInsufficientBalance = 5003,
    VenueUnknownOrder = 5004,
    ListingNotOpen = 5005,

    // 6xxx: an operator's admin command that cannot apply (unknown targets use the 1xxx codes, a refused ledger
    // transfer the ledger's 4xxx).
    AdminUnknownAction = 6001,
    AdminUnknownScope = 6002,
    AdminScopeMissing = 6003,
    AdminIdNotUsedByScope = 6004,
    AdminLimitNotForScope = 6005,
    AdminValueOutOfRange = 6006,
    AdminUnknownAsset = 6007,
    AdminParameterRefused = 6008,
    AdminOrderClosed = 6009,
    AdminCancelPending = 6010,
}
