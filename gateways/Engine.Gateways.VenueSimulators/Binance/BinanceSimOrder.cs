namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>One order at the simulated Binance, in Binance's own terms (its JSON fields are these properties).</summary>
public sealed class BinanceSimOrder
{
    public required long OrderId { get; init; }

    public required string ClientOrderId { get; init; }

    public required BinanceSymbol Symbol { get; init; }

    /// <summary>BUY or SELL.</summary>
    public required string Side { get; init; }

    /// <summary>LIMIT, LIMIT_MAKER or MARKET.</summary>
    public required string Type { get; init; }

    /// <summary>GTC, IOC, FOK; GTC for LIMIT_MAKER and MARKET (Binance reports it so).</summary>
    public required string TimeInForce { get; init; }

    /// <summary>0 for MARKET.</summary>
    public required decimal Price { get; init; }

    public required decimal OrigQty { get; init; }

    public decimal ExecutedQty { get; set; }

    public decimal CummulativeQuoteQty { get; set; }

    /// <summary>NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED.</summary>
    public string Status { get; set; } = "NEW";

    public required long Time { get; init; }

    public long UpdateTime { get; set; }

    /// <summary>What the order still holds of the account's balance (quote for a buy, base for a sell).</summary>
    public decimal Locked { get; set; }

    /// <summary>The client id of the request that canceled the order (the executionReport's <c>c</c>; <c>C</c> is then the order's own).</summary>
    public string? CancelClientOrderId { get; set; }

    public bool IsOpen => Status is "NEW" or "PARTIALLY_FILLED";

    public bool IsBuy => Side == "BUY";
}
