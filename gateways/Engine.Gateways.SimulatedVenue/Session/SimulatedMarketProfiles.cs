using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// A plausible simulated market for a listing, on its own tick and lot grid: a starting mid by base asset (BTC
/// 60000, ETH 3000, anything else 100 quote units), a generator tick of about 1/60000 of the mid (never finer than
/// the listing's tick), and a generator lot worth about 600 quote units (never below the listing's lot or minimum).
/// Everything else is the generator's default shape (regimes, arrivals, sizes).
/// </summary>
public static class SimulatedMarketProfiles
{
    private const long LotNotionalQuoteUnits = 600;

    public static MarketDataGeneratorOptions For(Listing listing)
    {
        ArgumentNullException.ThrowIfNull(listing);
        TradingRules rules = listing.Rules;
        long midWhole = listing.Instrument.BaseAsset switch
        {
            "BTC" => 60_000,
            "ETH" => 3_000,
            _ => 100,
        };

        long listingTick = rules.TickSize.Units;
        long midUnits = checked(midWhole * Pow10(rules.PriceScale));
        long tick = Math.Max(listingTick, RoundUp(midUnits / 60_000, listingTick));
        midUnits = Math.Max(tick, midUnits / tick * tick);

        long listingLot = rules.LotSize.Units;
        long lot = RoundUp(CeilDiv(checked(LotNotionalQuoteUnits * Pow10(rules.QuantityScale)), midWhole), listingLot);
        lot = Math.Max(lot, RoundUp(rules.MinQuantity.Units, listingLot));
        return new MarketDataGeneratorOptions
        {
            InitialMid = new Price(midUnits),
            TickSize = tick,
            LotSize = lot,
        };
    }

    private static long Pow10(int exponent)
    {
        long value = 1;
        for (int i = 0; i < exponent; i++)
        {
            value = checked(value * 10);
        }

        return value;
    }

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;

    private static long RoundUp(long value, long step) => Math.Max(step, CeilDiv(value, step) * step);
}
