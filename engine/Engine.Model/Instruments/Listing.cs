using Engine.Primitives;

namespace Engine.Model;

/// <summary>One instrument as traded on one venue: the venue's own symbol and its trading rules. Immutable.</summary>
public sealed record Listing(ListingId Id, Venue Venue, Instrument Instrument, string VenueSymbol, TradingRules Rules);
