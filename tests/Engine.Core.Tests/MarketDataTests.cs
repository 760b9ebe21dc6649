using Engine.Matching;
using Engine.Primitives;

namespace Engine.Core.Tests;

/// <summary>
/// L3 market data in the BLP: the per-instrument order-by-order mirror, the L2 book and top that follow it, the
/// strategy callbacks, unknown orders, the state hash and snapshots, and allocation in steady state.
/// </summary>
[TestFixture]
public sealed class MarketDataTests
{
    [Test]
    public void Add_BuildsTheMirror_TheL2Levels_AndTheTop_AndCallsOnBook()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Buy, 5_000_000, 10_000);
        feed.Add(2, Side.Buy, 5_000_000, 20_000);
        feed.Add(3, Side.Buy, 4_999_900, 5_000);
        feed.Add(4, Side.Sell, 5_000_100, 7_000);

        IL3Book book = feed.Market.L3Book(CoreFixture.BtcOnSim)!;
        Assert.That(book.OrderCount, Is.EqualTo(4));
        book.ValidateInternalState();
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).TryGetLevel(Side.Buy, 0, out BookLevel best), Is.True);
        Assert.That((best.Price.Units, best.Quantity.Units), Is.EqualTo((5_000_000L, 30_000L)));
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).TryGetLevel(Side.Buy, 1, out BookLevel second), Is.True);
        Assert.That((second.Price.Units, second.Quantity.Units), Is.EqualTo((4_999_900L, 5_000L)));
        TopOfBook top = feed.Market.Top(CoreFixture.BtcOnSim);
        Assert.That((top.Bid.Units, top.BidQuantity.Units, top.Ask.Units, top.AskQuantity.Units), Is.EqualTo((5_000_000L, 30_000L, 5_000_100L, 7_000L)));

        // The deeper bid (order 3) does not change the top: 3 OnBook calls for 4 adds.
        Assert.That(feed.Recorder.Books, Has.Count.EqualTo(3));
        Assert.That(feed.Recorder.Books[^1], Is.EqualTo(top));
        Assert.That(feed.Processor.Counters.MarketData, Is.EqualTo(4));
        Assert.That(feed.Market.UnknownL3Orders, Is.Zero);
    }

    [Test]
    public void Modify_SmallerAtTheSamePrice_KeepsQueuePriority()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Sell, 5_000_100, 10_000);
        feed.Add(2, Side.Sell, 5_000_100, 10_000);
        feed.Modify(1, Side.Sell, 5_000_100, 4_000);

        IL3Book book = feed.Market.L3Book(CoreFixture.BtcOnSim)!;
        Assert.That(book.TryGetBestOrder(Side.Sell, out BookOrder head), Is.True);
        Assert.That((head.OrderId.Value, head.Quantity.Units), Is.EqualTo((1L, 4_000L)));
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).AskQuantity.Units, Is.EqualTo(14_000));
    }

    [Test]
    public void Modify_SizeUpOrNewPrice_LosesQueuePriority_AndMovesTheLevels()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Sell, 5_000_100, 10_000);
        feed.Add(2, Side.Sell, 5_000_100, 10_000);
        feed.Modify(1, Side.Sell, 5_000_100, 12_000);

        IL3Book book = feed.Market.L3Book(CoreFixture.BtcOnSim)!;
        Assert.That(book.TryGetBestOrder(Side.Sell, out BookOrder head), Is.True);
        Assert.That(head.OrderId.Value, Is.EqualTo(2), "a size increase re-queues the order at the back");

        feed.Modify(2, Side.Sell, 5_000_000, 10_000);
        TopOfBook top = feed.Market.Top(CoreFixture.BtcOnSim);
        Assert.That((top.Ask.Units, top.AskQuantity.Units), Is.EqualTo((5_000_000L, 10_000L)));
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).TryGetLevel(Side.Sell, 1, out BookLevel old), Is.True);
        Assert.That((old.Price.Units, old.Quantity.Units), Is.EqualTo((5_000_100L, 12_000L)));
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).TryGetLevel(Side.Sell, 2, out _), Is.False);
        book.ValidateInternalState();
    }

    [Test]
    public void Modify_ToZero_RemovesTheOrder_AndItsLevel()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Buy, 5_000_000, 10_000);
        feed.Add(2, Side.Buy, 4_999_000, 10_000);
        feed.Modify(1, Side.Buy, 5_000_000, 0);

        Assert.That(feed.Market.L3Book(CoreFixture.BtcOnSim)!.TryGetOrder(new OrderId(1), out _), Is.False);
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).QuantityAt(Side.Buy, new Price(5_000_000)).Units, Is.Zero);
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).LevelCount(Side.Buy), Is.EqualTo(1));
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).Bid.Units, Is.EqualTo(4_999_000));
        Assert.That(feed.Market.UnknownL3Orders, Is.Zero);
    }

    [Test]
    public void Delete_RemovesTheOrder_AndTheTopFallsToTheNextLevel()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Buy, 5_000_000, 10_000);
        feed.Add(2, Side.Buy, 4_999_000, 3_000);
        int booksBefore = feed.Recorder.Books.Count;
        feed.Delete(1, Side.Buy);

        Assert.That(feed.Market.L3Book(CoreFixture.BtcOnSim)!.OrderCount, Is.EqualTo(1));
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).Bid.Units, Is.EqualTo(4_999_000));
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).LevelCount(Side.Buy), Is.EqualTo(1));
        Assert.That(feed.Recorder.Books, Has.Count.EqualTo(booksBefore + 1));

        feed.Delete(2, Side.Buy);
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).HasBid, Is.False);
        Assert.That(feed.Market.Book(CoreFixture.BtcOnSim).LevelCount(Side.Buy), Is.Zero);
    }

    [Test]
    public void Execute_ReducesThenRemovesTheOrder_AndPrintsATrade_WithTheOtherSideAsAggressor()
    {
        var feed = new L3Feed();
        feed.Add(1, Side.Sell, 5_000_100, 10_000);
        feed.Add(2, Side.Sell, 5_000_200, 10_000);
        feed.Execute(1, Side.Sell, 4_000);

        Assert.That(feed.Market.L3Book(CoreFixture.BtcOnSim)!.TryGetOrder(new OrderId(1), out BookOrder partial), Is.True);
        Assert.That(partial.Quantity.Units, Is.EqualTo(6_000));
        Assert.That(feed.Recorder.Trades, Has.Count.EqualTo(1));
        MarketTrade trade = feed.Recorder.Trades[0];
        Assert.That((trade.Price.Units, trade.Quantity.Units, trade.AggressorSide, trade.HasAggressor), Is.EqualTo((5_000_100L, 4_000L, Side.Buy, true)));
        Assert.That(feed.Market.LastTrade(CoreFixture.BtcOnSim), Is.EqualTo(trade));
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).AskQuantity.Units, Is.EqualTo(6_000));

        feed.Execute(1, Side.Sell, 6_000, price: 5_000_100);
        Assert.That(feed.Market.L3Book(CoreFixture.BtcOnSim)!.TryGetOrder(new OrderId(1), out _), Is.False);
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).Ask.Units, Is.EqualTo(5_000_200));
        Assert.That(feed.Recorder.Trades, Has.Count.EqualTo(2));
        Assert.That(feed.Market.UnknownL3Orders, Is.Zero);
    }

    [Test]
    public void UnknownOrder_IsCounted_AndChangesNoBook()
    {
        var feed = new L3Feed();
        feed.Delete(99, Side.Buy);
        feed.Add(1, Side.Buy, 5_000_000, 10_000);
        ulong hashBook = feed.Market.L3Book(CoreFixture.BtcOnSim)!.StateHash();
        feed.Modify(98, Side.Buy, 5_000_000, 1_000);
        feed.Execute(97, Side.Buy, 1_000);
        feed.Add(1, Side.Buy, 4_000_000, 1_000);

        Assert.That(feed.Market.UnknownL3Orders, Is.EqualTo(4));
        Assert.That(feed.Market.L3Book(CoreFixture.BtcOnSim)!.StateHash(), Is.EqualTo(hashBook));
        Assert.That(feed.Market.Top(CoreFixture.BtcOnSim).BidQuantity.Units, Is.EqualTo(10_000));
        Assert.That(feed.Recorder.Trades, Is.Empty, "an unknown order without an explicit price prints nothing");

        feed.Execute(96, Side.Buy, 500, price: 5_000_000);
        Assert.That(feed.Recorder.Trades, Has.Count.EqualTo(1), "an unknown order's execution at an explicit price is still a trade");
        Assert.That(feed.Recorder.Trades[0].AggressorSide, Is.EqualTo(Side.Sell));
        Assert.That(feed.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void SnapshotRoundTrip_RestoresTheMirrorAndItsQueues_AndContinuesIdentically()
    {
        var full = new L3Feed();
        var tail = new L3Feed();
        var fullRandom = new L3RandomFlow(full, seed: 7);
        var tailRandom = new L3RandomFlow(tail, seed: 7);
        fullRandom.Run(3_000);
        tailRandom.Run(3_000);
        Assert.That(tail.Processor.StateHash(), Is.EqualTo(full.Processor.StateHash()), "same input, same hash");
        Assert.That(tail.Market.L3Book(CoreFixture.BtcOnSim)!.OrderCount, Is.GreaterThan(10));

        using var snapshot = new MemoryStream();
        tail.Processor.WriteSnapshot(snapshot);
        var restored = new L3Feed(restoreFrom: snapshot.ToArray(), continueFrom: tail);
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(tail.Processor.StateHash()));
        Assert.That(restored.Market.L3Book(CoreFixture.BtcOnSim)!.StateHash(), Is.EqualTo(tail.Market.L3Book(CoreFixture.BtcOnSim)!.StateHash()));
        Assert.That(restored.Market.L3Book(CoreFixture.EthOnSim), Is.Null);
        restored.Market.L3Book(CoreFixture.BtcOnSim)!.ValidateInternalState();

        var restoredRandom = tailRandom.MoveTo(restored);
        fullRandom.Run(3_000);
        restoredRandom.Run(3_000);
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(full.Processor.StateHash()));
        Assert.That(restored.Market.Top(CoreFixture.BtcOnSim), Is.EqualTo(full.Market.Top(CoreFixture.BtcOnSim)));
    }

    [Test]
    public void StateHash_CoversTheL3Mirror()
    {
        var first = new L3Feed();
        var second = new L3Feed();
        first.Add(1, Side.Buy, 5_000_000, 10_000);
        first.Add(2, Side.Buy, 5_000_000, 10_000);
        second.Add(2, Side.Buy, 5_000_000, 10_000);
        second.Add(1, Side.Buy, 5_000_000, 10_000);

        // Same levels and top, different queue order: only the L3 mirror tells them apart.
        Assert.That(second.Market.Top(CoreFixture.BtcOnSim), Is.EqualTo(first.Market.Top(CoreFixture.BtcOnSim)));
        Assert.That(second.Processor.StateHash(), Is.Not.EqualTo(first.Processor.StateHash()));
    }

    [Test]
    public void SteadyState_L3Messages_AllocateNothing()
    {
        var feed = new L3Feed();
        var flow = new L3RandomFlow(feed, seed: 11);
        flow.Run(20_000);
        feed.Recorder.Recording = false;
        flow.Run(20_000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        flow.Run(50_000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero, "bytes allocated by 50,000 L3 messages in steady state");
        feed.Market.L3Book(CoreFixture.BtcOnSim)!.ValidateInternalState();
    }
}
