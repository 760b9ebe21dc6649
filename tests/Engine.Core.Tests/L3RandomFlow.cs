using Engine.Matching;
using Engine.Primitives;

namespace Engine.Core.Tests;

/// <summary>
/// A seeded random L3 feed (adds, modifies, deletes, executions, and now and then an unknown order) around a fixed
/// mid, bounded to a few hundred live orders so it reaches a steady state. Pre-sized; allocates nothing per message.
/// Single-threaded.
/// </summary>
public sealed class L3RandomFlow
{
    private const int MaxLive = 400;

    private readonly Random _random;
    private readonly long[] _live;
    private L3Feed _feed;
    private int _liveCount;
    private long _nextId = 1;

    public L3RandomFlow(L3Feed feed, int seed)
    {
        _feed = feed;
        _random = new Random(seed);
        _live = new long[MaxLive];
    }

    /// <summary>The same flow (same random state and live orders) feeding another BLP, for snapshot tests.</summary>
    public L3RandomFlow MoveTo(L3Feed feed)
    {
        _feed = feed;
        return this;
    }

    public void Run(int messages)
    {
        for (int i = 0; i < messages; i++)
        {
            Step();
        }
    }

    private void Step()
    {
        int dice = _random.Next(100);
        if (_liveCount < MaxLive / 2 || (dice < 40 && _liveCount < MaxLive))
        {
            Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long offset = _random.Next(1, 40) * 100;
            long price = side == Side.Buy ? 5_000_000 - offset : 5_000_000 + offset;
            long id = _nextId++;
            _live[_liveCount++] = id;
            _feed.Add(id, side, price, _random.Next(1, 100) * 1_000);
            return;
        }

        if (dice >= 97)
        {
            _feed.Delete(1_000_000_000 + dice, Side.Buy);
            return;
        }

        int index = _random.Next(_liveCount);
        long orderId = _live[index];
        _feed.Market.L3Book(CoreFixture.BtcOnSim)!.TryGetOrder(new OrderId(orderId), out BookOrder order);
        if (dice < 65)
        {
            long price = _random.Next(4) == 0 ? order.Price.Units + (order.Side == Side.Buy ? -100 : 100) : order.Price.Units;
            _feed.Modify(orderId, order.Side, price, Math.Max(1_000, order.Quantity.Units + (_random.Next(-5, 5) * 1_000)));
            return;
        }

        long quantity = dice < 80 ? order.Quantity.Units : Math.Max(1, order.Quantity.Units / 2);
        if (dice < 80)
        {
            _feed.Delete(orderId, order.Side);
        }
        else
        {
            _feed.Execute(orderId, order.Side, quantity);
        }

        if (quantity == order.Quantity.Units)
        {
            _live[index] = _live[--_liveCount];
        }
    }
}
