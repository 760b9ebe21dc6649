using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The sample market maker's parameters, in its listing's own units, for building one in code (the configuration goes
/// through <see cref="MarketMakingStrategy.Descriptor"/> instead): quote <see cref="QuoteSize"/> on each side,
/// <see cref="HalfSpreadTicks"/> from the mid; shift both quotes <see cref="SkewTicksPerQuote"/> ticks against the
/// inventory for every quote size held; stop adding to a side once the position reaches <see cref="MaxPosition"/>;
/// move a quote only when it is <see cref="RequoteTicks"/> or more from where it should be (saves order rate).
/// </summary>
public sealed record MarketMakingParameters(
    ListingId Listing,
    Quantity QuoteSize,
    int HalfSpreadTicks,
    int SkewTicksPerQuote,
    Quantity MaxPosition,
    int RequoteTicks)
{
    internal MarketMakingState ToState() => new()
    {
        QuoteSize = QuoteSize.Units,
        MaxPosition = MaxPosition.Units,
        HalfSpreadTicks = HalfSpreadTicks,
        SkewTicksPerQuote = SkewTicksPerQuote,
        RequoteTicks = RequoteTicks,
    };
}
