using Engine.Gateways.Venues.Books;

namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// One instrument a feed follows: the venue's symbol, the engine's ids for it, the fixed-point scales its prices and
/// quantities are parsed at, the feed's copy of its book and where that book stands in the venue's sequence.
/// Owned by the feed's thread.
/// </summary>
public sealed class FeedInstrument
{
    public FeedInstrument(string symbol, int instrumentId, int venueId, int priceScale, int quantityScale)
    {
        ArgumentException.ThrowIfNullOrEmpty(symbol);
        Symbol = symbol;
        InstrumentId = instrumentId;
        VenueId = venueId;
        PriceScale = priceScale;
        QuantityScale = quantityScale;
    }

    /// <summary>The venue's symbol (BTCUSDT, BTC-USDT-SWAP, XBT/USDT).</summary>
    public string Symbol { get; }

    public int InstrumentId { get; }

    public int VenueId { get; }

    public int PriceScale { get; }

    public int QuantityScale { get; }

    /// <summary>The listing's tick in price units; updates off it are bad input (0 or 1: not checked, as for discovered symbols).</summary>
    public long TickUnits { get; init; }

    public VenueBook Book { get; } = new();

    /// <summary>Where the book stands; only <see cref="BookState.Live"/> books are applied to and passed on.</summary>
    public BookState State { get; internal set; } = BookState.AwaitingSnapshot;

    /// <summary>The venue's sequence of the last snapshot or update applied (its meaning is the venue's: Binance's <c>u</c>, OKX's <c>seqId</c>).</summary>
    public long LastSequence { get; internal set; }

    /// <summary>Levels a side keeps (0: all); a feed that cuts its book to the depth it can know sets it (Binance: the snapshot's).</summary>
    public int DepthWindow { get; internal set; }

    /// <summary>Whether the next update is the first after a snapshot (venues check it differently).</summary>
    internal bool AwaitingFirstUpdate { get; set; }

    /// <summary>Receive time of the last message for this instrument (gateway clock, ns): a feed silent too long is stale.</summary>
    public long LastReceiveNanos { get; internal set; }
}
