namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>How a simulated Binance is set up: its credentials, symbols, the account's balances, clock and limits.</summary>
public sealed class BinanceSimulatorOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="BinanceSpotSimulator.BaseAddress"/>).</summary>
    public int Port { get; init; }

    public required string ApiKey { get; init; }

    public required byte[] Secret { get; init; }

    public required IReadOnlyList<BinanceSymbol> Symbols { get; init; }

    /// <summary>The API account's starting balances (free) per asset.</summary>
    public IReadOnlyDictionary<string, decimal> Balances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The server's clock in UTC milliseconds (tests move it to check recvWindow).</summary>
    public Func<long> ClockMillis { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>REQUEST_WEIGHT per minute (Binance spot: 6,000).</summary>
    public int RequestWeightPerMinute { get; init; } = 6_000;

    /// <summary>ORDERS per 10 seconds (Binance spot: 100).</summary>
    public int OrdersPerTenSeconds { get; init; } = 100;

    /// <summary>Requests a client may send after a 429 within the same minute before it is banned (418).</summary>
    public int RequestsAfterLimitBeforeBan { get; init; } = 10;
}
