namespace Engine.Gateways.SimulatedVenue.MarketData;

/// <summary>
/// One market state: how fast the mid price moves and how busy the order flow is. The generator stays in a regime
/// for an exponentially distributed time with mean <see cref="MeanDurationSeconds"/>, then moves to another.
/// </summary>
public sealed record VolatilityRegime(
    string Name,
    double VolatilityTicksPerSqrtSecond,
    double ArrivalsPerSecond,
    double MeanDurationSeconds);
