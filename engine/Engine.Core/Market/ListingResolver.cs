using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The listing an input names with its (venue id, instrument id) pair: constant time, allocation-free. An input that
/// names no venue (venue id 0: written by a gateway before messages named their venue) means the instrument's first
/// traded listing, else its only listing; when that is ambiguous it names none. Immutable after construction.
/// </summary>
internal sealed class ListingResolver
{
    private readonly InstrumentRegistry _registry;
    private readonly ListingId[] _withoutVenue;

    public ListingResolver(InstrumentRegistry registry, TradedInstruments traded)
    {
        _registry = registry;
        _withoutVenue = new ListingId[registry.Instruments.Count + 1];
        var counts = new int[_withoutVenue.Length];
        foreach (Listing listing in registry.Listings)
        {
            int instrument = listing.Instrument.Id.Value;
            counts[instrument]++;
            _withoutVenue[instrument] = listing.Id;
        }

        for (int i = 1; i < _withoutVenue.Length; i++)
        {
            TradedListing? primary = traded.PrimaryListing(new InstrumentId(i));
            _withoutVenue[i] = primary is not null ? primary.Id : counts[i] == 1 ? _withoutVenue[i] : ListingId.None;
        }
    }

    public ListingId Resolve(ushort venueId, uint instrumentId)
    {
        if (instrumentId == 0 || instrumentId >= (uint)_withoutVenue.Length)
        {
            return ListingId.None;
        }

        return venueId == 0 || venueId == ushort.MaxValue
            ? _withoutVenue[instrumentId]
            : _registry.ListingOf(new VenueId(venueId), new InstrumentId((int)instrumentId));
    }
}
