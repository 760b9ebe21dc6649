namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>How the simulated OKX is set up: credentials (key, secret, passphrase), instruments, balances, clock, fees and limits.</summary>
public sealed class OkxSimulatorOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="OkxSimulator.BaseAddress"/>).</summary>
    public int Port { get; init; }

    public required string ApiKey { get; init; }

    public required byte[] Secret { get; init; }

    public required string Passphrase { get; init; }

    public required IReadOnlyList<OkxInstrument> Instruments { get; init; }

    /// <summary>The trading account's starting cash balance per currency.</summary>
    public IReadOnlyDictionary<string, decimal> Balances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The server's clock in UTC milliseconds (tests move it to check timestamps and countdowns).</summary>
    public Func<long> ClockMillis { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>How far a request's OK-ACCESS-TIMESTAMP (or a login's timestamp) may be from the server's clock (OKX: 30 s).</summary>
    public long TimestampToleranceMillis { get; init; } = 30_000;

    /// <summary>Requests per 2 seconds per endpoint and instrument for the trade endpoints (OKX: 60).</summary>
    public int TradeRequestsPerTwoSeconds { get; init; } = 60;

    /// <summary>A private WebSocket that receives nothing for this long is closed with 4004 (OKX: 30 s).</summary>
    public TimeSpan SocketIdleTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Price limits: a buy above the last trade by more than this fraction (or a sell below it) is refused (51006, 51137, 51138).</summary>
    public decimal PriceLimitFraction { get; init; } = 0.05m;

    /// <summary>Spot fee rates (OKX regular tier: maker 0.08 %, taker 0.1 %).</summary>
    public decimal SpotMakerFee { get; init; } = 0.0008m;

    public decimal SpotTakerFee { get; init; } = 0.001m;

    /// <summary>Swap fee rates (OKX regular tier: maker 0.02 %, taker 0.05 %).</summary>
    public decimal SwapMakerFee { get; init; } = 0.0002m;

    public decimal SwapTakerFee { get; init; } = 0.0005m;
}
