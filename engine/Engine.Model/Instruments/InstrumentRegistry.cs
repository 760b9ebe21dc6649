using System.Diagnostics.CodeAnalysis;
using Engine.Primitives;

namespace Engine.Model;

/// <summary>
/// Venues, canonical instruments and listings, with lookups by id, by code and by venue symbol. Built once from a
/// validated config and never changed, so it may be shared between threads. Lists are in config order (ids are
/// dense from 1 in that order); the dictionaries serve lookups only and are never iterated.
/// </summary>
public sealed class InstrumentRegistry
{
    private readonly Venue[] _venues;
    private readonly Instrument[] _instruments;
    private readonly Listing[] _listings;
    private readonly Dictionary<string, Venue> _venuesByCode;
    private readonly Dictionary<string, Instrument> _instrumentsBySymbol;
    private readonly Dictionary<(VenueId Venue, string Symbol), Listing> _listingsBySymbol;
    private readonly Dictionary<(VenueId Venue, InstrumentId Instrument), Listing> _listingsByInstrument;

    // Listing ids by (venue id x (instruments + 1) + instrument id): the hot path's lookup, a multiply and an index.
    private readonly int[] _listingIds;

    public InstrumentRegistry(IReadOnlyList<Venue> venues, IReadOnlyList<Instrument> instruments, IReadOnlyList<Listing> listings)
    {
        ArgumentNullException.ThrowIfNull(venues);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(listings);
        _venues = [.. venues];
        _instruments = [.. instruments];
        _listings = [.. listings];
        _venuesByCode = new Dictionary<string, Venue>(StringComparer.Ordinal);
        _instrumentsBySymbol = new Dictionary<string, Instrument>(StringComparer.Ordinal);
        _listingsBySymbol = [];
        _listingsByInstrument = [];
        for (int i = 0; i < _venues.Length; i++)
        {
            RequireDenseId(_venues[i].Id.Value, i, "venue");
            if (!_venuesByCode.TryAdd(_venues[i].Code, _venues[i]))
            {
                throw new ArgumentException($"duplicate venue code '{_venues[i].Code}'", nameof(venues));
            }
        }

        for (int i = 0; i < _instruments.Length; i++)
        {
            RequireDenseId(_instruments[i].Id.Value, i, "instrument");
            if (!_instrumentsBySymbol.TryAdd(_instruments[i].Symbol, _instruments[i]))
            {
                throw new ArgumentException($"duplicate instrument symbol '{_instruments[i].Symbol}'", nameof(instruments));
            }
        }

        for (int i = 0; i < _listings.Length; i++)
        {
            Listing listing = _listings[i];
            RequireDenseId(listing.Id.Value, i, "listing");
            if (!_listingsBySymbol.TryAdd((listing.Venue.Id, listing.VenueSymbol), listing))
            {
                throw new ArgumentException($"venue {listing.Venue.Code} lists symbol '{listing.VenueSymbol}' twice", nameof(listings));
            }

            if (!_listingsByInstrument.TryAdd((listing.Venue.Id, listing.Instrument.Id), listing))
            {
                throw new ArgumentException($"venue {listing.Venue.Code} lists instrument {listing.Instrument.Symbol} twice", nameof(listings));
            }
        }

        _listingIds = new int[(_venues.Length + 1) * (_instruments.Length + 1)];
        foreach (Listing listing in _listings)
        {
            _listingIds[(listing.Venue.Id.Value * (_instruments.Length + 1)) + listing.Instrument.Id.Value] = listing.Id.Value;
        }
    }

    public IReadOnlyList<Venue> Venues => _venues;

    public IReadOnlyList<Instrument> Instruments => _instruments;

    public IReadOnlyList<Listing> Listings => _listings;

    public Venue GetVenue(VenueId id) => _venues[id.Value - 1];

    public Instrument GetInstrument(InstrumentId id) => _instruments[id.Value - 1];

    public Listing GetListing(ListingId id) => _listings[id.Value - 1];

    public bool TryGetVenue(string code, [NotNullWhen(true)] out Venue? venue) => _venuesByCode.TryGetValue(code, out venue);

    public bool TryGetInstrument(string symbol, [NotNullWhen(true)] out Instrument? instrument) =>
        _instrumentsBySymbol.TryGetValue(symbol, out instrument);

    /// <summary>Maps a venue's own symbol (BTCUSDT, BTC/USDT, BTC-PERPETUAL) to its listing and canonical instrument.</summary>
    public bool TryGetListing(VenueId venue, string venueSymbol, [NotNullWhen(true)] out Listing? listing) =>
        _listingsBySymbol.TryGetValue((venue, venueSymbol), out listing);

    public bool TryGetListing(VenueId venue, InstrumentId instrument, [NotNullWhen(true)] out Listing? listing) =>
        _listingsByInstrument.TryGetValue((venue, instrument), out listing);

    /// <summary>The listing of <paramref name="instrument"/> on <paramref name="venue"/>, or none (either unknown, or not listed there). Allocation-free and constant time.</summary>
    public ListingId ListingOf(VenueId venue, InstrumentId instrument)
    {
        uint v = (uint)venue.Value;
        uint i = (uint)instrument.Value;
        return v <= (uint)_venues.Length && i <= (uint)_instruments.Length ? new ListingId(_listingIds[(v * (uint)(_instruments.Length + 1)) + i]) : ListingId.None;
    }

    private static void RequireDenseId(int id, int index, string what)
    {
        if (id != index + 1)
        {
            throw new ArgumentException($"{what} ids must be dense from 1 in order: entry {index} has id {id}");
        }
    }
}
