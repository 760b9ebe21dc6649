using System.Text.RegularExpressions;

namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// The checks of <c>POST /api/v5/trade/order</c> before anything reaches the book: mandatory parameters (50014, a
/// request-level error), then their values (51000 and the trade class codes, per order), then the instrument's tick,
/// lot and minimum size, the price limits, a duplicate client order id among open orders.
/// </summary>
public sealed partial class OkxExchange
{
    /// <summary>A request-level error (the envelope's code, no order entry) rather than an order's sCode.</summary>
    public static bool IsRequestLevel(OkxError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error.Code == "50014";
    }

    /// <summary>The parameters of a new order, validated; or the error OKX answers.</summary>
    internal OkxError? ReadNewOrder(OkxArgs args, out NewOrderRequest request)
    {
        request = default;
        foreach (string mandatory in (string[])["instId", "tdMode", "side", "ordType", "sz"])
        {
            if (args[mandatory] is null)
            {
                return OkxError.Empty(mandatory);
            }
        }

        if (!TryGetInstrument(args["instId"], out OkxInstrument instrument))
        {
            return OkxError.InstrumentMissing;
        }

        string side = args["side"]!;
        if (side is not ("buy" or "sell"))
        {
            return OkxError.Parameter("side");
        }

        string ordType = args["ordType"]!;
        if (ordType is not ("limit" or "market" or "post_only" or "fok" or "ioc"))
        {
            return OkxError.Parameter("ordType");
        }

        // Futures mode: spot trades in cash; swaps are cross-margined, in net position mode.
        if (args["tdMode"] != (instrument.IsSwap ? "cross" : "cash"))
        {
            return OkxError.Parameter("tdMode");
        }

        if (args["posSide"] is string posSide && (!instrument.IsSwap || posSide != "net"))
        {
            return OkxError.Parameter("posSide");
        }

        if (args["reduceOnly"] is not (null or "true" or "false"))
        {
            return OkxError.Parameter("reduceOnly");
        }

        bool reduceOnly = args["reduceOnly"] == "true";
        if (reduceOnly && !instrument.IsSwap)
        {
            return OkxError.SpotReduceOnly;
        }

        string tgtCcy = string.Empty;
        if (args["tgtCcy"] is string target)
        {
            if (instrument.IsSwap || ordType != "market" || target is not ("base_ccy" or "quote_ccy"))
            {
                return OkxError.Parameter("tgtCcy");
            }

            tgtCcy = target;
        }
        else if (!instrument.IsSwap && ordType == "market")
        {
            tgtCcy = side == "buy" ? "quote_ccy" : "base_ccy";
        }

        if (!args.TryDecimal("sz", out decimal size))
        {
            return OkxError.Parameter("sz");
        }

        bool sizeInQuote = tgtCcy == "quote_ccy";
        if (!sizeInQuote)
        {
            if (size % instrument.LotSize != 0m)
            {
                return OkxError.LotSize;
            }

            if (size < instrument.MinSize)
            {
                return OkxError.BelowMinimum;
            }
        }

        decimal price = 0m;
        if (ordType == "market")
        {
            if (args["px"] is not null)
            {
                return OkxError.Parameter("px");
            }
        }
        else
        {
            if (args["px"] is null)
            {
                return OkxError.LimitPriceEmpty;
            }

            if (!args.TryDecimal("px", out price))
            {
                return OkxError.Parameter("px");
            }

            if (price % instrument.TickSize != 0m)
            {
                return OkxError.Precision;
            }

            OkxError? limit = CheckPriceLimit(instrument, side == "buy", price);
            if (limit is not null)
            {
                return limit;
            }
        }

        string clOrdId = args["clOrdId"] ?? string.Empty;
        if (clOrdId.Length > 0)
        {
            if (!IdPattern().IsMatch(clOrdId))
            {
                return OkxError.Parameter("clOrdId");
            }

            if (_orders.Values.Any(o => o.IsOpen && o.ClOrdId == clOrdId))
            {
                return OkxError.DuplicateClientOrderId;
            }
        }

        string tag = args["tag"] ?? string.Empty;
        if (tag.Length > 16 || (tag.Length > 0 && !IdPattern().IsMatch(tag)))
        {
            return OkxError.Parameter("tag");
        }

        request = new NewOrderRequest(instrument, side, ordType, price, size, tgtCcy, reduceOnly, clOrdId, tag);
        return null;
    }

    /// <summary>The price limits around the last trade (none before the first trade).</summary>
    private OkxError? CheckPriceLimit(OkxInstrument instrument, bool buy, decimal price)
    {
        if (!_lastPrice.TryGetValue(instrument.InstId, out decimal last))
        {
            return null;
        }

        decimal maxBuy = Math.Floor(last * (1m + _options.PriceLimitFraction) / instrument.TickSize) * instrument.TickSize;
        decimal minSell = Math.Ceiling(last * (1m - _options.PriceLimitFraction) / instrument.TickSize) * instrument.TickSize;
        return (buy && price > maxBuy) || (!buy && price < minSell) ? OkxError.PriceLimit(instrument, buy, maxBuy, minSell) : null;
    }

    /// <summary>Case-sensitive alphanumerics, 1 to 32 characters (clOrdId, reqId, tag's pattern).</summary>
    [GeneratedRegex("^[A-Za-z0-9]{1,32}$")]
    internal static partial Regex IdPattern();

    /// <summary>A new order's validated parameters.</summary>
    internal readonly record struct NewOrderRequest(
        OkxInstrument Instrument,
        string Side,
        string OrdType,
        decimal Price,
        decimal Size,
        string TgtCcy,
        bool ReduceOnly,
        string ClOrdId,
        string Tag);
}
