namespace Engine.Primitives;

/// <summary>Reasons in words, subsystems and the retired wire numbering for <see cref="ResultCode"/>. Stateless.</summary>
public static class ResultCodes
{
    public const int RequestBase = 1000;
    public const int RiskBase = 2000;
    public const int MatchingBase = 3000;
    public const int LedgerBase = 4000;
    public const int VenueBase = 5000;
    public const int AdminBase = 6000;

    /// <summary>The subsystem that decides a code, from its range: request, risk, matching, ledger, venue (ok for 0).</summary>
    public static string Subsystem(ResultCode code) => ((int)code / 1000) switch
    {
        0 => "ok",
        1 => "request",
        2 => "risk",
        3 => "matching",
        4 => "ledger",
        5 => "venue",
        6 => "admin",
        _ => "unknown",
    };

    public static bool IsMatching(ResultCode code) => (int)code / 1000 == MatchingBase / 1000;

    public static bool IsRisk(ResultCode code) => (int)code / 1000 == RiskBase / 1000;

    public static bool IsLedger(ResultCode code) => (int)code / 1000 == LedgerBase / 1000;

    /// <summary>
    /// A reject reason written by a schema version 0 or 1 message (the wire's retired <c>RejectReason</c> enum, whose
    /// numbers meant other things) as the code it meant. Journals written before version 2 are read through it.
    /// </summary>
    public static ResultCode FromVersion1Wire(ushort reason) => reason switch
    {
        1001 => ResultCode.InvalidMessage,
        1002 => ResultCode.UnknownInstrument,
        1003 => ResultCode.DuplicateOrderId,
        1004 => ResultCode.AccountOrderRate,
        2001 => ResultCode.GlobalKillSwitch,
        2002 => ResultCode.MaxOrderSize,
        2003 => ResultCode.MaxPositionSize,
        2004 => ResultCode.MaxOrderNotional,
        2005 => ResultCode.MaxOpenOrders,
        2006 => ResultCode.PriceOutsideBand,
        2007 => ResultCode.ReduceOnlyWouldIncrease,
        3001 => ResultCode.UnknownOrder,
        3002 => ResultCode.PostOnlyWouldTake,
        3003 => ResultCode.InstrumentHalted,
        3004 => ResultCode.PriceNotOnTick,
        3005 => ResultCode.QuantityNotOnLot,
        3006 => ResultCode.NoLiquidity,
        4001 => ResultCode.ExceedsCredits,
        4002 => ResultCode.UnknownAccount,
        _ => ResultCode.VenueRejected,
    };

    /// <summary>An ExecutionReport's text for a report with this code: the reason of a refusal, empty for Ok.</summary>
    public static string ReportText(ResultCode code) => code == ResultCode.Ok ? string.Empty : Reason(code);

    /// <summary>One line a person can act on; constant strings, so logging it does not allocate.</summary>
    public static string Reason(ResultCode code) => code switch
    {
        ResultCode.Ok => "ok",
        ResultCode.UnknownInstrument => "the instrument is not in the registry, or this engine does not trade it",
        ResultCode.UnknownVenue => "the venue is not in the registry",
        ResultCode.UnknownAccount => "the account is not open",
        ResultCode.InvalidMessage => "the request has an unsupported side, order type, time in force or id",
        ResultCode.UnknownListing => "the venue does not list the instrument, or this engine does not trade it there",
        ResultCode.UnknownStrategy => "the strategy id is outside the configured range",
        ResultCode.MaxOrderSize => "the order quantity exceeds maxOrderSize for the instrument",
        ResultCode.MaxOrderNotional => "the order notional exceeds maxOrderNotional for the instrument",
        ResultCode.MaxPositionSize => "the position, with open orders and this order filled, would exceed maxPositionSize",
        ResultCode.MaxSymbolExposure => "the exposure in the instrument would exceed maxSymbolExposure",
        ResultCode.MaxGrossExposure => "the account's gross exposure would exceed maxGrossExposure",
        ResultCode.DailyLossLimit => "the account's loss today reached maxDailyLoss; its kill switch is now on",
        ResultCode.PriceOutsideBand => "the price is outside priceBandBps around the reference price",
        ResultCode.NoReferencePrice => "no reference price for the instrument yet, so the price band cannot be checked",
        ResultCode.AccountOrderRate => "the account exceeded its order rate (orderRatePerSecond, orderBurst)",
        ResultCode.StrategyOrderRate => "the strategy exceeded its order rate (orderRatePerSecond, orderBurst)",
        ResultCode.GlobalHalted => "trading is halted for everyone",
        ResultCode.InstrumentHalted => "trading in the instrument is halted",
        ResultCode.AccountHalted => "trading is halted for the account",
        ResultCode.GlobalReducingOnly => "trading is reducing-only for everyone and the order would not reduce",
        ResultCode.InstrumentReducingOnly => "the instrument is reducing-only and the order would not reduce",
        ResultCode.AccountReducingOnly => "the account is reducing-only and the order would not reduce",
        ResultCode.GlobalKillSwitch => "the global kill switch is on",
        ResultCode.AccountKillSwitch => "the account's kill switch is on",
        ResultCode.DeadManSwitchTriggered => "no admin heartbeat within the dead-man interval: trading halted",
        ResultCode.DeadManSwitchNotArmed => "the dead-man switch is enabled but no admin heartbeat has armed it",
        ResultCode.ArithmeticOverflow => "an exposure or P&L does not fit 64 bits, so the check cannot decide",
        ResultCode.AmendAboveHoldPrice => "a buy cannot be amended above the price its funds are held at",
        ResultCode.MaxOpenOrders => "the account has as many open orders as it may",
        ResultCode.StrategyKillSwitch => "the strategy's kill switch is on",
        ResultCode.PriceNotOnTick => "the price is not a multiple of the tick size",
        ResultCode.PriceNotPositive => "the price must be positive",
        ResultCode.QuantityNotOnLot => "the quantity is not a multiple of the lot size",
        ResultCode.QuantityNotPositive => "the quantity must be positive",
        ResultCode.QuantityBelowMinimum => "the quantity is below the listing's minimum",
        ResultCode.NotionalBelowMinimum => "price x quantity is below the listing's minimum notional",
        ResultCode.DuplicateOrderId => "an order with this id is already in the book",
        ResultCode.UnknownOrder => "no live order with this id belongs to this account",
        ResultCode.PostOnlyWouldTake => "post-only order would take liquidity",
        ResultCode.FillOrKillNotFillable => "fill-or-kill order cannot be filled completely at its limit",
        ResultCode.ReduceOnlyWouldIncrease => "reduce-only order would open, increase or flip the position",
        ResultCode.MarketProtectionPriceRequired => "a market order needs a positive protection price",
        ResultCode.NoLiquidity => "no liquidity within the limit or protection price",
        ResultCode.SelfTradePrevented => "canceled by self-trade prevention",
        ResultCode.AmendNoChange => "the amend changes neither price nor quantity",
        ResultCode.InvalidOrderType => "the order type or time in force is not supported",
        ResultCode.PostOnlyRequiresLimitGtc => "post-only applies only to GTC limit orders",
        ResultCode.NotionalOverflow => "price x quantity does not fit a 64-bit fixed-point amount",
        ResultCode.InternalBookFull => "the internal crossing book of the instrument holds as many resting orders as it may",
        ResultCode.LinkedEventFailed => "another transfer in the linked chain failed, so this one was not applied",
        ResultCode.LinkedEventChainOpen => "the batch ends inside a linked chain (the last transfer has the Linked flag)",
        ResultCode.IdMustNotBeZero => "the transfer id must not be zero",
        ResultCode.FlagsAreMutuallyExclusive => "Pending, PostPendingTransfer and VoidPendingTransfer exclude one another",
        ResultCode.DebitAccountIdMustNotBeZero => "the debit account must be given",
        ResultCode.CreditAccountIdMustNotBeZero => "the credit account must be given",
        ResultCode.AccountsMustBeDifferent => "debit and credit account must differ",
        ResultCode.PendingIdMustBeZero => "only a post or void names a pending transfer",
        ResultCode.PendingIdMustNotBeZero => "a post or void must name the pending transfer",
        ResultCode.PendingIdMustBeDifferent => "a post or void cannot name itself as the pending transfer",
        ResultCode.TimeoutReservedForPendingTransfer => "only a pending transfer may have a timeout",
        ResultCode.TimeoutMustNotBeNegative => "the timeout must not be negative",
        ResultCode.CodeMustNotBeZero => "the transfer code must not be zero",
        ResultCode.AmountMustBePositive => "the amount must be positive",
        ResultCode.DebitAccountNotFound => "the debit account does not exist",
        ResultCode.CreditAccountNotFound => "the credit account does not exist",
        ResultCode.AccountsMustHaveTheSameAsset => "debit and credit account hold different assets",
        ResultCode.PendingTransferNotFound => "the pending transfer does not exist",
        ResultCode.PendingTransferNotPending => "the named transfer is not a pending transfer",
        ResultCode.PendingTransferHasDifferentDebitAccount => "the debit account differs from the pending transfer's",
        ResultCode.PendingTransferHasDifferentCreditAccount => "the credit account differs from the pending transfer's",
        ResultCode.PendingTransferHasDifferentCode => "the code differs from the pending transfer's",
        ResultCode.ExceedsPendingTransferAmount => "the amount to post exceeds the pending amount",
        ResultCode.PendingTransferHasDifferentAmount => "a void must release the full pending amount (or give zero)",
        ResultCode.ExistsWithDifferentFlags => "a transfer with this id exists with different flags",
        ResultCode.ExistsWithDifferentDebitAccount => "a transfer with this id exists with a different debit account",
        ResultCode.ExistsWithDifferentCreditAccount => "a transfer with this id exists with a different credit account",
        ResultCode.ExistsWithDifferentAmount => "a transfer with this id exists with a different amount",
        ResultCode.ExistsWithDifferentPendingId => "a transfer with this id exists with a different pending id",
        ResultCode.ExistsWithDifferentUserData => "a transfer with this id exists with different user data",
        ResultCode.ExistsWithDifferentTimeout => "a transfer with this id exists with a different timeout",
        ResultCode.ExistsWithDifferentCode => "a transfer with this id exists with a different code",
        ResultCode.Exists => "this transfer was already applied (idempotent resubmission)",
        ResultCode.PendingTransferAlreadyPosted => "the pending transfer was already posted",
        ResultCode.PendingTransferAlreadyVoided => "the pending transfer was already voided",
        ResultCode.PendingTransferExpired => "the pending transfer expired",
        ResultCode.OverflowsDebitsPending => "debits pending would overflow",
        ResultCode.OverflowsCreditsPending => "credits pending would overflow",
        ResultCode.OverflowsDebitsPosted => "debits posted would overflow",
        ResultCode.OverflowsCreditsPosted => "credits posted would overflow",
        ResultCode.OverflowsDebits => "debits pending plus posted would overflow",
        ResultCode.OverflowsCredits => "credits pending plus posted would overflow",
        ResultCode.OverflowsTimeout => "timestamp plus timeout would overflow",
        ResultCode.ExceedsCredits => "the debit would exceed the account's credits (insufficient balance)",
        ResultCode.ExceedsDebits => "the credit would exceed the account's debits",
        ResultCode.AccountExistsWithDifferentFlags => "an account with this key exists with different flags",
        ResultCode.AccountAssetMustNotBeZero => "an account must hold an asset",
        ResultCode.VenueRejected => "the venue refused the request (see its text)",
        ResultCode.VenueRateLimited => "the venue refused the request: rate limit",
        ResultCode.VenueInsufficientBalance => "the venue refused the request: insufficient balance at the venue",
        ResultCode.VenueUnknownOrder => "the venue does not know the order",
        ResultCode.ListingNotOpen => "the venue reports the listing halted or closed",
        ResultCode.AdminUnknownAction => "the command's action is not one it takes",
        ResultCode.AdminUnknownScope => "the command's scope is not one it takes",
        ResultCode.AdminScopeMissing => "the command names no account, instrument or strategy",
        ResultCode.AdminIdNotUsedByScope => "the command sets an id its scope does not use",
        ResultCode.AdminLimitNotForScope => "the limit does not apply to that scope",
        ResultCode.AdminValueOutOfRange => "the value is outside the limit's range",
        ResultCode.AdminUnknownAsset => "no such asset",
        ResultCode.AdminParameterRefused => "the strategy refused the parameter or its value",
        ResultCode.AdminOrderClosed => "the order is no longer open (filled or canceled)",
        ResultCode.AdminCancelPending => "the order's cancel is already under way",
        _ => "unknown result code",
    };
}
