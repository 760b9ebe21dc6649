using Engine.Gateways.Venues.Feeds;
using Engine.Model;

namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// Which configured venue a feed serves, and the feed's instruments built from the instrument registry: each
/// listing's venue symbol, the engine's wire ids and the listing's scales (so a price the venue writes off the
/// listing's scale is bad input, not a rounding).
/// </summary>
public static class VenueListings
{
    /// <summary>The instrument registry's venue code of each feed (config/instruments.json).</summary>
    public static string VenueCodeOf(string feed) => feed switch
    {
        "binance" => "BINANCE",
        "binance-usdm" => "BINANCE_USDM",
        "binance-coinm" => "BINANCE_COINM",
        "okx" => "OKX",
        "okx-swap" => "OKX_SWAP",
        "kraken" => "KRAKEN",
        "coinbase" => "COINBASE",
        "deribit" => "DERIBIT",
        "bybit" => "BYBIT",
        _ => throw new ArgumentException($"unknown venue feed '{feed}'", nameof(feed)),
    };

    /// <summary>
    /// The feed's instruments for <paramref name="instruments"/> (engine symbols such as BTC-USDT) listed on the
    /// feed's venue. Throws an <see cref="ArgumentException"/> naming what is not configured.
    /// </summary>
    public static FeedInstruments Build(InstrumentRegistry registry, string feed, IReadOnlyList<string> instruments)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(instruments);
        string code = VenueCodeOf(feed);
        if (!registry.TryGetVenue(code, out Venue? venue))
        {
            throw new ArgumentException($"venue {code} (of feed {feed}) is not in the instrument config");
        }

        var result = new FeedInstruments();
        foreach (string symbol in instruments)
        {
            if (!registry.TryGetInstrument(symbol, out Instrument? instrument))
            {
                throw new ArgumentException($"instrument {symbol} is not in the instrument config");
            }

            if (!registry.TryGetListing(venue.Id, instrument.Id, out Listing? listing))
            {
                throw new ArgumentException($"instrument {symbol} is not listed on venue {code} in the instrument config");
            }

            result.Add(new FeedInstrument(listing.VenueSymbol, instrument.Id.Value, venue.Id.Value, listing.Rules.PriceScale, listing.Rules.QuantityScale)
            {
                TickUnits = listing.Rules.TickSize.Units,
            });
        }

        return result;
    }
}
