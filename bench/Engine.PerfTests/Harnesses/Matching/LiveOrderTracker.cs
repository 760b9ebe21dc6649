using Engine.Matching;
using Engine.Model;

namespace Engine.PerfTests.Harnesses.Matching;

/// <summary>
/// A sink for the generator's engine that keeps the set of live (resting) orders, so generated cancels and moves
/// always name a live order. Swap-remove list plus index: O(1) add, remove and random pick. Generator thread only.
/// </summary>
public sealed class LiveOrderTracker
{
    private readonly List<long> _ids = [];
    private readonly Dictionary<long, int> _positions = [];
    private readonly Dictionary<long, (int Account, Engine.Primitives.Side Side, long Price, long Quantity)> _details = [];

    public int Count => _ids.Count;

    public long Trades { get; private set; }

    public long IdAt(int index) => _ids[index];

    public (int Account, Engine.Primitives.Side Side, long Price, long Quantity) Details(long id) => _details[id];

    public void Rested(in OrderRested rested)
    {
        _positions[rested.OrderId.Value] = _ids.Count;
        _ids.Add(rested.OrderId.Value);
        _details[rested.OrderId.Value] = (rested.Account.Value, rested.Side, rested.Price.Units, rested.Remaining.Units);
    }

    public void Trade(in TradeExecuted trade)
    {
        Trades++;
        long maker = trade.MakerOrderId.Value;
        if (trade.MakerRemaining.Units == 0)
        {
            Remove(maker);
        }
        else
        {
            var details = _details[maker];
            _details[maker] = details with { Quantity = trade.MakerRemaining.Units };
        }
    }

    public void Remove(long id)
    {
        if (!_positions.Remove(id, out int position))
        {
            return;
        }

        long last = _ids[^1];
        _ids[position] = last;
        _ids.RemoveAt(_ids.Count - 1);
        if (last != id)
        {
            _positions[last] = position;
        }

        _details.Remove(id);
    }
}
