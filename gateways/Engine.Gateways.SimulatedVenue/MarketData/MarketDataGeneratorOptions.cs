using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>
/// The shape of the simulated market of one instrument. Prices and sizes are in the instrument's fixed-point units;
/// <see cref="Validate"/> names any parameter out of range.
/// </summary>
public sealed record MarketDataGeneratorOptions
{
    public Price InitialMid { get; init; } = new(6_000_000);

    public long TickSize { get; init; } = 100;

    public long LotSize { get; init; } = 1_000;

    public IReadOnlyList<VolatilityRegime> Regimes { get; init; } =
    [
        new("calm", VolatilityTicksPerSqrtSecond: 2.0, ArrivalsPerSecond: 2_000, MeanDurationSeconds: 120),
        new("busy", VolatilityTicksPerSqrtSecond: 6.0, ArrivalsPerSecond: 8_000, MeanDurationSeconds: 30),
        new("stressed", VolatilityTicksPerSqrtSecond: 20.0, ArrivalsPerSecond: 20_000, MeanDurationSeconds: 5),
    ];

    /// <summary>Share of arrivals that are new limit orders, market orders and cancels (normalised).</summary>
    public double LimitWeight { get; init; } = 0.55;

    public double MarketWeight { get; init; } = 0.05;

    public double CancelWeight { get; init; } = 0.40;

    /// <summary>Mean distance of a new limit order from the mid, in ticks (geometric, at least 1).</summary>
    public double MeanDistanceTicks { get; init; } = 6;

    /// <summary>Smallest order in lots, and the Pareto tail index of sizes (smaller is heavier; 1.5 is typical of equities).</summary>
    public double MinimumLots { get; init; } = 1;

    public double SizeTailIndex { get; init; } = 1.5;

    /// <summary>Sizes are capped here, in lots, so one draw from the tail cannot be absurd.</summary>
    public long MaximumLots { get; init; } = 10_000;

    /// <summary>A market order's protection price lies this many ticks beyond the mid.</summary>
    public long MarketProtectionTicks { get; init; } = 50;

    /// <summary>At most this many live generated orders; past it, arrivals become cancels.</summary>
    public int MaximumLiveOrders { get; init; } = 5_000;

    /// <summary>Generated order ids start here, so they cannot collide with the engine's own ids.</summary>
    public long FirstOrderId { get; init; } = 1L << 48;

    public void Validate()
    {
        Require(InitialMid.Units > 0, nameof(InitialMid), "must be positive");
        Require(TickSize > 0, nameof(TickSize), "must be positive");
        Require(InitialMid.Units % TickSize == 0, nameof(InitialMid), $"must be a multiple of the tick size {TickSize}");
        Require(LotSize > 0, nameof(LotSize), "must be positive");
        Require(Regimes.Count > 0, nameof(Regimes), "needs at least one regime");
        for (int i = 0; i < Regimes.Count; i++)
        {
            VolatilityRegime regime = Regimes[i];
            string where = $"{nameof(Regimes)}[{i}] ({regime.Name})";
            Require(regime.VolatilityTicksPerSqrtSecond >= 0, where, "volatility must not be negative");
            Require(regime.ArrivalsPerSecond > 0, where, "arrival rate must be positive");
            Require(regime.MeanDurationSeconds > 0, where, "mean duration must be positive");
        }

        Require(LimitWeight >= 0 && MarketWeight >= 0 && CancelWeight >= 0 && LimitWeight > 0, "LimitWeight/MarketWeight/CancelWeight", "must not be negative, and limit orders must be possible");
        Require(MeanDistanceTicks >= 1, nameof(MeanDistanceTicks), "must be at least 1");
        Require(MinimumLots >= 1, nameof(MinimumLots), "must be at least 1");
        Require(SizeTailIndex > 0, nameof(SizeTailIndex), "must be positive");
        Require(MaximumLots >= MinimumLots, nameof(MaximumLots), "must be at least MinimumLots");
        Require(MarketProtectionTicks > 0, nameof(MarketProtectionTicks), "must be positive");
        Require(MaximumLiveOrders > 0, nameof(MaximumLiveOrders), "must be positive");
        Require(FirstOrderId > 0, nameof(FirstOrderId), "must be positive");
    }

    private static void Require(bool condition, string parameter, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException($"market data generator: {parameter} {problem}", parameter);
        }
    }
}
