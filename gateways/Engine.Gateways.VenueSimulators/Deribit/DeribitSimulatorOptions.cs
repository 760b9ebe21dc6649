namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>How a simulated Deribit is set up: its API key (client id and secret), instruments, balances, fees, clock and limits.</summary>
public sealed class DeribitSimulatorOptions
{
    /// <summary>The loopback port; 0 picks a free one (see <see cref="DeribitSimulator.BaseAddress"/>).</summary>
    public int Port { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    public required IReadOnlyList<DeribitInstrument> Instruments { get; init; }

    /// <summary>The account's starting balance per currency (BTC, ETH), in the coin.</summary>
    public IReadOnlyDictionary<string, decimal> Balances { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The maker fee of the perpetuals, a share of the traded value in the coin (Deribit's BTC and ETH perpetuals: 0 %).</summary>
    public decimal MakerFee { get; init; }

    /// <summary>The taker fee (Deribit's BTC and ETH perpetuals: 0.05 %).</summary>
    public decimal TakerFee { get; init; } = 0.0005m;

    /// <summary>The server's clock in UTC milliseconds (tests move it to expire tokens).</summary>
    public Func<long> ClockMillis { get; init; } = () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>An access token's <c>expires_in</c>, seconds (Deribit: 900).</summary>
    public int AccessTokenSeconds { get; init; } = 900;

    /// <summary>Matching-engine requests (buy, sell, edit, cancels) a second, sustained; <see cref="MatchingBurst"/> at once.</summary>
    public int MatchingRequestsPerSecond { get; init; } = 20;

    public int MatchingBurst { get; init; } = 100;

    /// <summary>Other requests a second, sustained (Deribit: 10,000 credits a second at 500 a request); <see cref="OtherBurst"/> at once (50,000 credits).</summary>
    public int OtherRequestsPerSecond { get; init; } = 20;

    public int OtherBurst { get; init; } = 100;
}
