namespace Engine.Gateways.VenueSimulators.Binance.UsdM;

/// <summary>One order at the simulated Binance USD-M, in Binance's own terms (its JSON fields are these properties).</summary>
public sealed class BinanceUsdMOrder
{
    public required long OrderId { get; init; }

    public required string ClientOrderId { get; init; }

    public required BinanceSymbol Symbol { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>LIMIT, MARKET, STOP or STOP_MARKET (Binance keeps a triggered stop's type; the stream shows what it became).</summary>
    public required string Type { get; init; }

    /// <summary>GTC, IOC, FOK, GTX (post-only) or GTD; GTC for MARKET and STOP_MARKET (Binance reports it so).</summary>
    public required string TimeInForce { get; init; }

    /// <summary>0 for MARKET and STOP_MARKET; changed by a modify.</summary>
    public decimal Price { get; set; }

    /// <summary>0 for a closePosition stop until it triggers; changed by a modify.</summary>
    public decimal OrigQty { get; set; }

    public decimal StopPrice { get; init; }

    public bool ReduceOnly { get; init; }

    public bool ClosePosition { get; init; }

    /// <summary>CONTRACT_PRICE (the last trade, the default) or MARK_PRICE; the simulator's mark is its last trade price.</summary>
    public string WorkingType { get; init; } = "CONTRACT_PRICE";

    public bool PriceProtect { get; init; }

    /// <summary>GTD orders' expiry (UTC milliseconds), else 0.</summary>
    public long GoodTillDate { get; init; }

    public decimal ExecutedQty { get; set; }

    public decimal CumQuote { get; set; }

    /// <summary>NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED.</summary>
    public string Status { get; set; } = "NEW";

    /// <summary>The stream's expire reason (<c>er</c>): 0 none, 2 IOC rest, 4 reduce-only knocked out, 6 GTD expired, 9 MARKET rest.</summary>
    public int ExpireReason { get; set; }

    /// <summary>A STOP or STOP_MARKET whose stop price was reached: it is in the book (or traded) as a LIMIT or MARKET order.</summary>
    public bool Triggered { get; set; }

    public required long Time { get; init; }

    public long UpdateTime { get; set; }

    /// <summary>Realized profit of the order's fills so far.</summary>
    public decimal RealizedProfit { get; set; }

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";

    public bool IsBuy => Side == "BUY";

    /// <summary>A stop order waiting for its stop price: not in the book.</summary>
    public bool IsWaitingStop => Type is "STOP" or "STOP_MARKET" && !Triggered;

    /// <summary>What the order is in the book (or became when its stop triggered): LIMIT or MARKET.</summary>
    public string ExecutionType => Type switch
    {
        "STOP" when Triggered => "LIMIT",
        "STOP_MARKET" when Triggered => "MARKET",
        _ => Type,
    };

    public decimal AveragePrice => ExecutedQty == 0m ? 0m : CumQuote / ExecutedQty;

    public decimal Remaining => OrigQty - ExecutedQty;
}
