namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// Where a feed hands what it normalized: the gateway's SBE encoder (engine inputs), the verifier, a test. Called on
/// the feed's thread, in the venue's order, only for books the feed trusts: a book is passed on from its snapshot
/// until the feed declares it stale, and again from its next snapshot. Times are nanoseconds: exchange time is the
/// venue's clock, receive time the gateway's.
/// </summary>
public interface IMarketDataSink
{
    /// <summary>
    /// The instrument's book was (re)built from a snapshot: <see cref="FeedInstrument.Book"/> holds it now.
    /// <paramref name="resync"/> is true when it replaces a book that went stale (a resync), false for the first.
    /// </summary>
    void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync);

    /// <summary>Levels changed by one venue update, already applied to <see cref="FeedInstrument.Book"/>.</summary>
    void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos);

    void OnTrade(FeedInstrument instrument, in TradePrint trade);

    void OnBestQuote(FeedInstrument instrument, in BestQuote quote);

    /// <summary>
    /// The book is no longer trusted (the engine marks it stale; strategies pull their quotes) until the next
    /// <see cref="OnBookSnapshot"/>. <paramref name="receivedSequence"/> and <paramref name="expectedSequence"/> say
    /// where a gap was (0 when the reason is not a gap).
    /// </summary>
    void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos);
}
