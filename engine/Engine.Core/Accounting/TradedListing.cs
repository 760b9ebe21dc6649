using Engine.Ledger.Accounts;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// One listing this BLP sends orders to: an instrument it trades on one venue, with that venue's order rules and
/// fees, and whether the venue is internal (crossed inside the BLP). Orders name their listing, so only its venue's
/// gateway acts on them. Immutable.
/// </summary>
public sealed record TradedListing(Listing Listing, TradedInstrument Instrument, VenueFees Fees, bool IsInternal)
{
    public ListingId Id => Listing.Id;

    public VenueId Venue => Listing.Venue.Id;

    public InstrumentId InstrumentId => Instrument.Id;

    /// <summary>This venue's tick, lot and minimums (scales and multiplier are the instrument's).</summary>
    public TradingRules Rules => Listing.Rules;

    public bool IsSpot => Instrument.IsSpot;

    public int MoneyScale => Instrument.MoneyScale;

    public AssetId Base => Instrument.Base;

    public AssetId Quote => Instrument.Quote;

    public AssetId Settle => Instrument.Settle;

    public AssetId Contracts => Instrument.Contracts;
}
