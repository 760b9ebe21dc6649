using Engine.Model;
using Engine.Primitives;

namespace Engine.Risk;

/// <summary>One listing a risk instrument trades on: its id, venue and order rules (tick, lot, minimums). Immutable.</summary>
public sealed record RiskListing(ListingId Id, VenueId Venue, TradingRules Rules);
