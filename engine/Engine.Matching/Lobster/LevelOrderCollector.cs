using Engine.Primitives;

namespace Engine.Matching.Lobster;

/// <summary>Collects the ids of the orders at one price (visiting a side best first) into a reused buffer. Stack-only value.</summary>
internal struct LevelOrderCollector : IOrderVisitor
{
    private readonly long _price;
    private OrderId[] _buffer;

    public LevelOrderCollector(long price, OrderId[] buffer)
    {
        _price = price;
        _buffer = buffer;
        Count = 0;
    }

    public int Count { get; private set; }

    public readonly OrderId[] Buffer => _buffer;

    public bool Visit(in BookOrder order)
    {
        if (order.Price.Units != _price)
        {
            // Levels come best first: once past the price (and having seen it), stop.
            return Count == 0 && (order.Side == Side.Buy ? order.Price.Units > _price : order.Price.Units < _price);
        }

        if (Count == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[Count++] = order.OrderId;
        return true;
    }
}
