using Engine.Primitives;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// Deribit's refusals (<c>{"code": 11054, "message": "post_only_reject", "data": {"reason": .., "param": ..}}</c>) in
/// the engine's result codes, from Deribit's RPC error table. What is not recognised is
/// <see cref="ResultCode.VenueRejected"/>; the venue's own code and words ride on the report's text either way.
/// </summary>
public static class DeribitRejectCodes
{
    public static ResultCode For(int code, string? reason, string? param) => code switch
    {
        10009 => ResultCode.VenueInsufficientBalance,
        11054 => ResultCode.PostOnlyWouldTake,
        10043 or 10044 => ResultCode.PriceNotOnTick,
        10002 => ResultCode.QuantityBelowMinimum,
        -32602 when param is "amount" or "contracts" => ResultCode.QuantityNotOnLot,
        -32602 when param is "price" => ResultCode.PriceNotOnTick,
        10028 or 10047 or 10066 => ResultCode.VenueRateLimited,
        10004 or 11044 or 10010 => ResultCode.VenueUnknownOrder,
        11030 when reason is not null && reason.Contains("reduce_only", StringComparison.Ordinal) => ResultCode.ReduceOnlyWouldIncrease,
        10020 or 13020 => ResultCode.UnknownInstrument,
        _ => ResultCode.VenueRejected,
    };

    /// <summary>The report's text: Deribit's code, message and reason (<c>11054 post_only_reject</c>, <c>-32602 Invalid params (amount: must be ...)</c>).</summary>
    public static string Text(int code, string message, string? reason, string? param) =>
        reason is null ? $"{code} {message}" : param is null ? $"{code} {message} ({reason})" : $"{code} {message} ({param}: {reason})";
}
