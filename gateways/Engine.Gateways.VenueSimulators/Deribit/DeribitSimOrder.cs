namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>One order of the API account at the simulated Deribit, in Deribit's own terms (its JSON fields are these properties).</summary>
public sealed class DeribitSimOrder
{
    public required long Id { get; init; }

    /// <summary>Deribit's order id (a decimal string).</summary>
    public string OrderId => Id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public required DeribitInstrument Instrument { get; init; }

    /// <summary>buy or sell.</summary>
    public required string Direction { get; init; }

    /// <summary>limit, market, stop_limit or stop_market (a triggered stop keeps its type, with <see cref="Triggered"/>).</summary>
    public required string OrderType { get; init; }

    /// <summary>good_til_cancelled, good_til_day, fill_or_kill or immediate_or_cancel.</summary>
    public required string TimeInForce { get; init; }

    /// <summary>The limit price; 0 for market and stop_market (shown as "market_price").</summary>
    public decimal Price { get; set; }

    /// <summary>USD; changed by an edit.</summary>
    public decimal Amount { get; set; }

    public decimal FilledAmount { get; set; }

    /// <summary>Coins bought or sold so far (USD / price per fill): the average price is <see cref="FilledAmount"/> over it.</summary>
    public decimal FilledCoins { get; set; }

    public string Label { get; init; } = string.Empty;

    public bool PostOnly { get; set; }

    public bool RejectPostOnly { get; set; }

    public bool ReduceOnly { get; set; }

    public decimal TriggerPrice { get; set; }

    /// <summary>last_price, mark_price or index_price for stops (the simulator's mark and index are its last price), else null.</summary>
    public string? Trigger { get; init; }

    public bool Triggered { get; set; }

    /// <summary>open, filled, rejected, cancelled or untriggered.</summary>
    public string State { get; set; } = "open";

    /// <summary>user_request, cancel_on_disconnect, edit_post_only_reject, ... once cancelled.</summary>
    public string? CancelReason { get; set; }

    public bool Replaced { get; set; }

    /// <summary>The WebSocket connection that placed it (0 over HTTP): cancel-on-disconnect removes a connection's orders.</summary>
    public long ConnectionId { get; init; }

    public required long CreationTimestamp { get; init; }

    public long LastUpdateTimestamp { get; set; }

    public bool IsOpen => State is "open" or "untriggered";

    public bool IsBuy => Direction == "buy";

    public bool IsStop => OrderType is "stop_market" or "stop_limit";

    /// <summary>A stop waiting for its trigger price: not in the book.</summary>
    public bool IsWaitingStop => IsStop && !Triggered;

    /// <summary>What the order is in the book (or became when its stop triggered): a market or a limit order.</summary>
    public bool TradesAsMarket => OrderType is "market" or "stop_market";

    public decimal Remaining => Amount - FilledAmount;

    public decimal AveragePrice => FilledCoins == 0m ? 0m : FilledAmount / FilledCoins;
}
