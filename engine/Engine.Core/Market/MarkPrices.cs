using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// Risk's mark price of each traded instrument, from its configured <see cref="MarkSource"/>: the mid of one
/// listing's book (the first usable of a list), or the median of several listings' mids, each rescaled from its
/// listing's price scale to the instrument's (exactly upwards, rounded half away from zero downwards). A listing whose
/// book is empty or stale does not count; with none usable the mark keeps its last value. Recomputed when a source
/// listing's top changes. Owned by the BLP thread.
/// </summary>
internal sealed class MarkPrices
{
    private const int MaxSources = 16;

    private readonly MarketState _market;
    private readonly RiskEngine _risk;
    private readonly SourceOf?[] _byInstrument;

    // For each listing: the traded instrument whose mark it feeds (a source lists only listings of its instrument).
    private readonly InstrumentId[] _marksOf;

    public MarkPrices(CoreSettings settings, MarketState market, RiskEngine risk)
    {
        _market = market;
        _risk = risk;
        InstrumentRegistry registry = settings.Registry;
        _byInstrument = new SourceOf?[registry.Instruments.Count + 1];
        _marksOf = new InstrumentId[registry.Listings.Count + 1];
        foreach (RiskInstrument instrument in settings.Risk.Instruments)
        {
            MarkRule rule = instrument.MarkSource?.Rule ?? MarkRule.First;
            var listings = new List<ListingId>();
            if (instrument.MarkSource is { } source)
            {
                listings.AddRange(source.Listings);
            }
            else if (instrument.Listings.Count > 0)
            {
                foreach (RiskListing listing in instrument.Listings)
                {
                    listings.Add(listing.Id);
                }
            }
            else if (registry.ListingOf(instrument.Venue, instrument.Id) is { IsNone: false } only)
            {
                listings.Add(only);
            }

            if (listings.Count > MaxSources)
            {
                throw new ArgumentException($"{instrument.Symbol}: a mark source takes at most {MaxSources} venues, not {listings.Count}", nameof(settings));
            }

            var scales = new int[listings.Count];
            for (int i = 0; i < listings.Count; i++)
            {
                scales[i] = registry.GetListing(listings[i]).Rules.PriceScale;
                _marksOf[listings[i].Value] = instrument.Id;
            }

            _byInstrument[instrument.Id.Value] = new SourceOf(rule, [.. listings], scales, instrument.Rules.PriceScale);
        }
    }

    /// <summary>The top of <paramref name="listing"/> changed (or went stale): updates the mark of the instrument it is a source of.</summary>
    public void OnTopChanged(ListingId listing)
    {
        InstrumentId instrument = _marksOf[listing.Value];
        if (instrument.IsNone || _byInstrument[instrument.Value] is not { } source)
        {
            return;
        }

        long mark = source.Rule == MarkRule.Median ? Median(source) : First(source);
        if (mark > 0)
        {
            _risk.SetMarkPrice(instrument, new Price(mark));
        }
    }

    private long First(SourceOf source)
    {
        for (int i = 0; i < source.Listings.Length; i++)
        {
            long mid = UsableMid(source, i);
            if (mid > 0)
            {
                return mid;
            }
        }

        return 0;
    }

    private long Median(SourceOf source)
    {
        Span<long> mids = stackalloc long[MaxSources];
        int count = 0;
        for (int i = 0; i < source.Listings.Length; i++)
        {
            long mid = UsableMid(source, i);
            if (mid > 0)
            {
                // Insertion sort: a handful of venues.
                int at = count++;
                while (at > 0 && mids[at - 1] > mid)
                {
                    mids[at] = mids[at - 1];
                    at--;
                }

                mids[at] = mid;
            }
        }

        return count == 0 ? 0 : mids[(count - 1) / 2];
    }

    /// <summary>The listing's mid at the instrument's price scale, or 0 when its book is empty or stale.</summary>
    private long UsableMid(SourceOf source, int index)
    {
        ref readonly TopOfBook top = ref _market.Top(source.Listings[index]);
        long mid = top.Mid.Units;
        if (mid <= 0 || top.IsStale)
        {
            return 0;
        }

        int from = source.Scales[index];
        int to = source.PriceScale;
        if (from == to)
        {
            return mid;
        }

        if (to > from)
        {
            Int128 up = (Int128)mid * FixedPointMath.Pow10(to - from);
            return up > long.MaxValue ? 0 : (long)up;
        }

        long divisor = FixedPointMath.Pow10(from - to);
        return (mid + (divisor / 2)) / divisor;
    }

    private sealed record SourceOf(MarkRule Rule, ListingId[] Listings, int[] Scales, int PriceScale);
}
