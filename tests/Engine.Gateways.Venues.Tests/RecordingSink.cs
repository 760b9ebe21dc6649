using Engine.Gateways.Venues.Feeds;

namespace Engine.Gateways.Venues.Tests;

/// <summary>A sink that remembers what a feed handed it, for the hand-made cases.</summary>
internal sealed class RecordingSink : IMarketDataSink
{
    public List<(string Symbol, bool Resync)> Snapshots { get; } = [];

    public List<LevelChange[]> Updates { get; } = [];

    /// <summary>Whether updates are copied into <see cref="Updates"/> (off: the sink allocates nothing, for allocation tests).</summary>
    public bool KeepUpdates { get; set; } = true;

    public long UpdateCount { get; private set; }

    public List<(string Symbol, StaleReason Reason, long Received, long Expected)> Stales { get; } = [];

    public List<TradePrint> Trades { get; } = [];

    public List<BestQuote> Quotes { get; } = [];

    public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync) =>
        Snapshots.Add((instrument.Symbol, resync));

    public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos)
    {
        UpdateCount++;
        if (KeepUpdates)
        {
            Updates.Add(changes.ToArray());
        }
    }

    public void OnTrade(FeedInstrument instrument, in TradePrint trade) => Trades.Add(trade);

    public void OnBestQuote(FeedInstrument instrument, in BestQuote quote) => Quotes.Add(quote);

    public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos) =>
        Stales.Add((instrument.Symbol, reason, receivedSequence, expectedSequence));
}
