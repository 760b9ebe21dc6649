using Engine.Gateways.Venues.Feeds;

namespace Engine.Gateways.Venues.Tests;

/// <summary>A sink that writes down what a feed passed on, one line per event, for tests to read.</summary>
internal sealed class TestSink : IMarketDataSink
{
    public List<string> Events { get; } = [];

    public void OnBookSnapshot(FeedInstrument instrument, long sequence, long exchangeNanos, long receiveNanos, bool resync) =>
        Events.Add($"{(resync ? "resync" : "snapshot")} {instrument.Symbol} {sequence}");

    public void OnBookUpdate(FeedInstrument instrument, ReadOnlySpan<LevelChange> changes, long sequence, long exchangeNanos, long receiveNanos) =>
        Events.Add($"update {instrument.Symbol} {sequence} {changes.Length}");

    public void OnTrade(FeedInstrument instrument, in TradePrint trade) =>
        Events.Add($"trade {instrument.Symbol} {trade.TradeId} {trade.Price}x{trade.Quantity} {trade.Aggressor}");

    public void OnBestQuote(FeedInstrument instrument, in BestQuote quote) =>
        Events.Add($"quote {instrument.Symbol} {quote.BidPrice}/{quote.AskPrice}");

    public void OnBookStale(FeedInstrument instrument, StaleReason reason, long receivedSequence, long expectedSequence, long receiveNanos) =>
        Events.Add($"stale {instrument.Symbol} {reason} {receivedSequence} {expectedSequence}");
}
