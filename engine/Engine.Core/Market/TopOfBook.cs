using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// The best bid and offer of one instrument as the BLP last saw them (a side without orders has price 0), with the
/// venue time of the input that set them. Immutable value handed to strategies.
/// </summary>
public readonly record struct TopOfBook(InstrumentId Instrument, Price Bid, Quantity BidQuantity, Price Ask, Quantity AskQuantity, long VenueTime)
{
    public bool HasBid => Bid.Units > 0;

    public bool HasAsk => Ask.Units > 0;

    public bool IsTwoSided => HasBid && HasAsk;

    /// <summary>(bid + ask) / 2, truncated to the price's unit; the one side present otherwise; 0 when empty.</summary>
    public Price Mid => IsTwoSided ? new Price(Bid.Units + ((Ask.Units - Bid.Units) / 2)) : HasBid ? Bid : Ask;
}
