namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>What a faulty answer does (not Binance's: a test's way to reproduce what a network and a venue do to an order request).</summary>
public enum BinanceFaultKind
{
    /// <summary>The request is applied, and the answer is held back for <see cref="BinanceFault.DelayMillis"/>.</summary>
    Delay,

    /// <summary>The request is applied, and the answer is HTTP 500 <c>-1000</c>: its outcome is unknown to the client.</summary>
    ServerError,

    /// <summary>The request is not applied, and the answer is HTTP 500 <c>-1000</c>.</summary>
    ServerErrorNotApplied,

    /// <summary>The request is applied, and the connection is closed without an answer.</summary>
    Drop,
}

/// <summary>One fault, applied to the next order request (new order, cancel-replace) the simulator receives.</summary>
public sealed record BinanceFault(BinanceFaultKind Kind, int DelayMillis = 0)
{
    /// <summary>Binance's answer to a request whose execution status is unknown (its spelling).</summary>
    public static BinanceError UnknownError { get; } = new(500, -1000, "An unknown error occured while processing the request.");

    /// <summary>Reads <c>kind=delay|500|500-not-applied|drop</c> and <c>delayMillis</c> of the control endpoint.</summary>
    public static BinanceFault? Parse(string? kind, string? delayMillis) => kind switch
    {
        "delay" when int.TryParse(delayMillis, System.Globalization.CultureInfo.InvariantCulture, out int delay) && delay > 0 => new BinanceFault(BinanceFaultKind.Delay, delay),
        "500" => new BinanceFault(BinanceFaultKind.ServerError),
        "500-not-applied" => new BinanceFault(BinanceFaultKind.ServerErrorNotApplied),
        "drop" => new BinanceFault(BinanceFaultKind.Drop),
        _ => null,
    };
}
