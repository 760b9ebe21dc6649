using Engine.Primitives;

namespace Engine.Core.Tests;

/// <summary>A strategy that only records the market data callbacks it receives (pre-sized: recording allocates nothing until full). Owned by the BLP thread.</summary>
public sealed class MarketDataRecorder : Strategy
{
    public List<TopOfBook> Books { get; } = new(1024);

    public List<MarketTrade> Trades { get; } = new(1024);

    public bool Recording { get; set; } = true;

    public override void OnBook(StrategyContext context, in TopOfBook top)
    {
        if (Recording)
        {
            Books.Add(top);
        }
    }

    public override void OnTrade(StrategyContext context, in MarketTrade trade)
    {
        if (Recording)
        {
            Trades.Add(trade);
        }
    }

    public override void AddToHash(ref StateHasher hasher)
    {
    }

    public override void WriteSnapshot(SnapshotWriter writer)
    {
    }

    public override void RestoreSnapshot(SnapshotReader reader)
    {
    }
}
