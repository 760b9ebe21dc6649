using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// Binance's refusals (<c>{"code": -2010, "msg": "..."}</c>, HTTP status) in the engine's result codes. The code alone
/// is ambiguous (-2010 covers insufficient balance, a post-only order that would take, a duplicate; -1013 every filter),
/// so the message decides within it, as Binance's "Error Codes" documentation lists them. What is not recognised is
/// <see cref="ResultCode.VenueRejected"/>, and the venue's own text is always logged beside the code. USD-M's codes are
/// its own (-2019 margin, -5022 post-only, -2022 reduce-only, -4014 tick, -4023 step, -4164 notional, ...).
/// </summary>
public static class BinanceRejectCodes
{
    public static ResultCode For(int httpStatus, int code, ReadOnlySpan<byte> message)
    {
        if (httpStatus is 429 or 418 || code is -1003 or -1015)
        {
            return ResultCode.VenueRateLimited;
        }

        switch (code)
        {
            case -2010 when message.IndexOf("insufficient balance"u8) >= 0:
                return ResultCode.VenueInsufficientBalance;
            case -2010 when message.IndexOf("immediately match and take"u8) >= 0:
                return ResultCode.PostOnlyWouldTake;
            case -2010 when message.IndexOf("Duplicate order"u8) >= 0:
                return ResultCode.DuplicateOrderId;
            case -1013 or -1111:
                return FilterCode(message);
            case -2011 or -2013:
                return ResultCode.VenueUnknownOrder;
            case -1121:
                return ResultCode.UnknownInstrument;

            // USD-M futures' own codes (its "Error Codes" page).
            case -2019:
                return ResultCode.VenueInsufficientBalance;
            case -5022:
                return ResultCode.PostOnlyWouldTake;
            case -2022:
                return ResultCode.ReduceOnlyWouldIncrease;
            case -5021:
                return ResultCode.FillOrKillNotFillable;
            case -4014:
                return ResultCode.PriceNotOnTick;
            case -4003 or -4004 or -4023:
                return ResultCode.QuantityNotOnLot;
            case -4164:
                return ResultCode.NotionalBelowMinimum;
            case -4116:
                return ResultCode.DuplicateOrderId;
            case -5027:
                return ResultCode.AmendNoChange;
            default:
                return ResultCode.VenueRejected;
        }
    }

    /// <summary>-1013 "Filter failure: NAME" (and -1111 too much precision) by the filter named.</summary>
    private static ResultCode FilterCode(ReadOnlySpan<byte> message)
    {
        if (message.IndexOf("PRICE_FILTER"u8) >= 0 || message.IndexOf("'price'"u8) >= 0)
        {
            return ResultCode.PriceNotOnTick;
        }

        if (message.IndexOf("LOT_SIZE"u8) >= 0 || message.IndexOf("'quantity'"u8) >= 0)
        {
            return ResultCode.QuantityNotOnLot;
        }

        return message.IndexOf("NOTIONAL"u8) >= 0 ? ResultCode.NotionalBelowMinimum : ResultCode.VenueRejected;
    }
}
