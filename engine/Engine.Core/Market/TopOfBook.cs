using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The best bid and offer of one listing as the BLP last saw them (a side without orders has price 0), with the
/// exchange time of the input that set them. <see cref="IsStale"/>: the feed lost sequence (a gap, a failed checksum,
/// a crossed book) and the venue's gateway has not resynchronised it yet, so these prices may be wrong. Immutable
/// value handed to strategies.
/// </summary>
public readonly record struct TopOfBook(ListingId Listing, InstrumentId Instrument, Price Bid, Quantity BidQuantity, Price Ask, Quantity AskQuantity, long ExchangeTime, bool IsStale = false)
{
    public bool HasBid => Bid.Units > 0;

    public bool HasAsk => Ask.Units > 0;

    public bool IsTwoSided => HasBid && HasAsk;

    /// <summary>(bid + ask) / 2, truncated to the price's unit; the one side present otherwise; 0 when empty.</summary>
    public Price Mid => IsTwoSided ? new Price(Bid.Units + ((Ask.Units - Bid.Units) / 2)) : HasBid ? Bid : Ask;
}
