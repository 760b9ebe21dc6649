using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.Verification;
using Engine.Model;

namespace Engine.Cli.Data;

/// <summary>
/// The venue an import's <c>--venue</c> names: a venue code of the instrument config (BINANCE_USDM) or the name of a
/// venue feed (binance-usdm), either spelling in any case. <see cref="Feed"/> is the feed that normalizes the venue's
/// recordings, null for a venue without one (NASDAQ).
/// </summary>
internal sealed record DatasetVenue(Venue Venue, string? Feed)
{
    public string Code => Venue.Code;

    public static DatasetVenue Resolve(InstrumentRegistry registry, string name)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(name);
        string? feed = VenueFeeds.Names.FirstOrDefault(f => string.Equals(f, name, StringComparison.OrdinalIgnoreCase));
        string code = feed is null ? name : VenueListings.VenueCodeOf(feed);
        Venue? venue = registry.Venues.FirstOrDefault(v => string.Equals(v.Code, code, StringComparison.OrdinalIgnoreCase));
        if (venue is null)
        {
            throw new UsageException(
                $"--venue: unknown venue '{name}' (the instrument config lists {string.Join(", ", registry.Venues.Select(v => v.Code))}; feeds: {string.Join(", ", VenueFeeds.Names)})");
        }

        feed ??= VenueFeeds.Names.FirstOrDefault(f => VenueListings.VenueCodeOf(f) == venue.Code);
        return new DatasetVenue(venue, feed);
    }

    /// <summary>The listing of the engine instrument <paramref name="symbol"/> on this venue, or a usage error naming what is missing.</summary>
    public Listing ListingOf(InstrumentRegistry registry, string symbol)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (!registry.TryGetInstrument(symbol, out Instrument? instrument))
        {
            throw new UsageException($"--instrument: unknown instrument '{symbol}' (the instrument config has {string.Join(", ", registry.Instruments.Select(i => i.Symbol))})");
        }

        if (!registry.TryGetListing(Venue.Id, instrument.Id, out Listing? listing))
        {
            throw new UsageException($"--instrument {symbol} is not listed on venue {Code} in the instrument config");
        }

        return listing;
    }

    /// <summary>The listing whose venue symbol is <paramref name="venueSymbol"/> (any case), or null.</summary>
    public Listing? ListingByVenueSymbol(InstrumentRegistry registry, string venueSymbol)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Venue venue = Venue;
        return registry.Listings.FirstOrDefault(l => l.Venue.Id == venue.Id && string.Equals(l.VenueSymbol, venueSymbol, StringComparison.OrdinalIgnoreCase));
    }
}
