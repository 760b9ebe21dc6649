using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// Maps the matching engine's 3xxx result codes onto the wire's <see cref="Sbe.RejectReason"/>, which is coarser:
/// every price problem is InvalidPrice, every size problem InvalidQuantity, and codes with no wire counterpart
/// (order type combinations, an amend that changes nothing) are InvalidMessage.
/// </summary>
internal static class RejectReasons
{
    public static Sbe.RejectReason FromResultCode(ResultCode code) => code switch
    {
        ResultCode.UnknownInstrument => Sbe.RejectReason.UnknownInstrument,
        ResultCode.UnknownAccount => Sbe.RejectReason.UnknownAccount,
        ResultCode.PriceNotOnTick or ResultCode.PriceNotPositive or ResultCode.MarketProtectionPriceRequired => Sbe.RejectReason.InvalidPrice,
        ResultCode.QuantityNotOnLot or ResultCode.QuantityNotPositive or ResultCode.QuantityBelowMinimum
            or ResultCode.NotionalBelowMinimum or ResultCode.NotionalOverflow => Sbe.RejectReason.InvalidQuantity,
        ResultCode.DuplicateOrderId => Sbe.RejectReason.DuplicateClientOrderId,
        ResultCode.UnknownOrder => Sbe.RejectReason.UnknownOrderId,
        ResultCode.PostOnlyWouldTake => Sbe.RejectReason.PostOnlyWouldTake,
        ResultCode.FillOrKillNotFillable or ResultCode.NoLiquidity => Sbe.RejectReason.NoLiquidity,
        ResultCode.ReduceOnlyWouldIncrease => Sbe.RejectReason.ReduceOnlyWouldIncrease,
        _ => Sbe.RejectReason.InvalidMessage,
    };
}
