using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>The wire's reject reasons are coarser than the engine's codes: the nearest one (the code's range names the subsystem).</summary>
internal static class WireReasons
{
    public static Sbe.RejectReason From(int code) => code switch
    {
        (int)RiskRejectCode.MaxOrderSize => Sbe.RejectReason.MaxOrderQuantityExceeded,
        (int)RiskRejectCode.MaxPositionSize => Sbe.RejectReason.MaxPositionExceeded,
        (int)RiskRejectCode.MaxOrderNotional or (int)RiskRejectCode.MaxSymbolExposure or (int)RiskRejectCode.MaxGrossExposure => Sbe.RejectReason.MaxNotionalExceeded,
        (int)RiskRejectCode.PriceOutsideBand => Sbe.RejectReason.PriceBandViolated,
        (int)RiskRejectCode.ReduceOnlyWouldIncrease or (int)ResultCode.ReduceOnlyWouldIncrease => Sbe.RejectReason.ReduceOnlyWouldIncrease,
        (int)RiskRejectCode.AccountOrderRate or (int)RiskRejectCode.StrategyOrderRate => Sbe.RejectReason.Throttled,
        (int)RiskRejectCode.UnknownInstrument => Sbe.RejectReason.UnknownInstrument,
        (int)RiskRejectCode.UnknownAccount => Sbe.RejectReason.UnknownAccount,
        (int)RiskRejectCode.InsufficientBalance or (int)RiskRejectCode.BalanceUnavailable => Sbe.RejectReason.InsufficientFunds,
        (int)RiskRejectCode.InstrumentHalted => Sbe.RejectReason.InstrumentHalted,
        (int)ResultCode.UnknownOrder => Sbe.RejectReason.UnknownOrderId,
        (int)ResultCode.PostOnlyWouldTake => Sbe.RejectReason.PostOnlyWouldTake,
        (int)ResultCode.FillOrKillNotFillable or (int)ResultCode.NoLiquidity => Sbe.RejectReason.NoLiquidity,
        (int)ResultCode.PriceNotOnTick or (int)ResultCode.PriceNotPositive or (int)ResultCode.MarketProtectionPriceRequired => Sbe.RejectReason.InvalidPrice,
        >= (int)ResultCode.QuantityNotOnLot and <= (int)ResultCode.NotionalBelowMinimum => Sbe.RejectReason.InvalidQuantity,
        >= 3000 and < 4000 => Sbe.RejectReason.InvalidMessage,
        >= 2012 and <= 2017 => Sbe.RejectReason.InvalidPrice,
        >= 4000 and < 5000 => Sbe.RejectReason.InsufficientFunds,
        _ => Sbe.RejectReason.KillSwitchEngaged,
    };
}
