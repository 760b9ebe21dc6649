using System.Globalization;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The sample market maker's parameters, in the instrument's own units: quote <see cref="QuoteSize"/> on each side,
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
    /// <summary>Applies one named change ("quoteSize", "halfSpreadTicks", ...); null when the name or value is invalid.</summary>
    public MarketMakingParameters? With(string name, string value, int quantityScale)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        bool isInt = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int integer) && integer >= 0;
        return name switch
        {
            "quoteSize" when Quantity.TryParse(value, quantityScale, out Quantity size) && size.Units > 0 => this with { QuoteSize = size },
            "maxPosition" when Quantity.TryParse(value, quantityScale, out Quantity max) && max.Units >= 0 => this with { MaxPosition = max },
            "halfSpreadTicks" when isInt && integer >= 1 => this with { HalfSpreadTicks = integer },
            "skewTicksPerQuote" when isInt => this with { SkewTicksPerQuote = integer },
            "requoteTicks" when isInt && integer >= 1 => this with { RequoteTicks = integer },
            _ => null,
        };
    }
}
