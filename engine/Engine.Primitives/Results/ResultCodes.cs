namespace Engine.Primitives;

/// <summary>Reasons in words and subsystem ranges for <see cref="ResultCode"/>. Stateless.</summary>
public static class ResultCodes
{
    public const int ValidationBase = 1000;
    public const int RiskBase = 2000;
    public const int MatchingBase = 3000;
    public const int LedgerBase = 4000;

    public static bool IsMatching(ResultCode code) => (int)code / 1000 == MatchingBase / 1000;

    public static bool IsRisk(ResultCode code) => (int)code / 1000 == RiskBase / 1000;

    public static bool IsLedger(ResultCode code) => (int)code / 1000 == LedgerBase / 1000;

    /// <summary>One line a person can act on; constant strings, so logging it does not allocate.</summary>
    public static string Reason(ResultCode code) => code switch
    {
        ResultCode.Ok => "ok",
        ResultCode.UnknownInstrument => "the instrument is not in the registry",
        ResultCode.UnknownVenue => "the venue is not in the registry",
        ResultCode.UnknownAccount => "the account is not known",
        ResultCode.PriceNotOnTick => "the price is not a multiple of the tick size",
        ResultCode.PriceNotPositive => "the price must be positive",
        ResultCode.QuantityNotOnLot => "the quantity is not a multiple of the lot size",
        ResultCode.QuantityNotPositive => "the quantity must be positive",
        ResultCode.QuantityBelowMinimum => "the quantity is below the instrument's minimum",
        ResultCode.NotionalBelowMinimum => "price x quantity is below the instrument's minimum notional",
        ResultCode.DuplicateOrderId => "an order with this id is already in the book",
        ResultCode.UnknownOrder => "no live order with this id belongs to this account",
        ResultCode.PostOnlyWouldTake => "post-only order would take liquidity",
        ResultCode.FillOrKillNotFillable => "fill-or-kill order cannot be filled completely at its limit",
        ResultCode.ReduceOnlyWouldIncrease => "reduce-only order would open or increase the position",
        ResultCode.MarketProtectionPriceRequired => "a market order needs a positive protection price",
        ResultCode.NoLiquidity => "no liquidity within the limit or protection price",
        ResultCode.SelfTradePrevented => "canceled by self-trade prevention",
        ResultCode.AmendNoChange => "the amend changes neither price nor quantity",
        ResultCode.InvalidOrderType => "the order type or time in force is not supported",
        ResultCode.PostOnlyRequiresLimitGtc => "post-only applies only to GTC limit orders",
        ResultCode.NotionalOverflow => "price x quantity does not fit a 64-bit fixed-point amount",
        ResultCode.InternalBookFull => "the internal crossing book of the instrument holds as many resting orders as it may",
        _ => "unknown result code",
    };
}
