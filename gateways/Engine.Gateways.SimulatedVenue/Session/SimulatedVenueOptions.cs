using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Model;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>How a <see cref="SimulatedVenueSession"/> is set up; <see cref="Validate"/> names any value out of range.</summary>
public sealed record SimulatedVenueOptions
{
    public const long DefaultWarmUpNanos = 5_000_000_000;

    /// <summary>The venue's seed; instrument <c>i</c>'s market uses <c>Seed + i</c> (its InstrumentId), so all differ and all repeat.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Venue time at which the simulated markets start; the warm-up runs from here.</summary>
    public long StartTimeNanos { get; init; }

    /// <summary>
    /// How long the markets trade, silently, inside the constructor, so the books are populated before the first
    /// engine order. The session's time after construction is <see cref="StartTimeNanos"/> + this.
    /// </summary>
    public long WarmUpNanos { get; init; } = DefaultWarmUpNanos;

    /// <summary>A market order may trade this far (basis points) beyond the best opposite price when it arrives.</summary>
    public int MarketProtectionBasisPoints { get; init; } = 500;

    /// <summary>Live engine orders the venue is sized for before its tables grow (growth allocates, once).</summary>
    public int InitialOrderCapacity { get; init; } = 4_096;

    /// <summary>The shape of each instrument's simulated market; null uses <see cref="SimulatedMarketProfiles.For"/>.</summary>
    public Func<Listing, MarketDataGeneratorOptions>? MarketFor { get; init; }

    public void Validate()
    {
        if (StartTimeNanos < 0)
        {
            throw new ArgumentException($"simulated venue: StartTimeNanos must not be negative, got {StartTimeNanos}", nameof(StartTimeNanos));
        }

        if (WarmUpNanos < 0)
        {
            throw new ArgumentException($"simulated venue: WarmUpNanos must not be negative, got {WarmUpNanos}", nameof(WarmUpNanos));
        }

        if (MarketProtectionBasisPoints is <= 0 or > 10_000)
        {
            throw new ArgumentException($"simulated venue: MarketProtectionBasisPoints must be in 1..10000, got {MarketProtectionBasisPoints}", nameof(MarketProtectionBasisPoints));
        }

        if (InitialOrderCapacity <= 0)
        {
            throw new ArgumentException($"simulated venue: InitialOrderCapacity must be positive, got {InitialOrderCapacity}", nameof(InitialOrderCapacity));
        }
    }
}
