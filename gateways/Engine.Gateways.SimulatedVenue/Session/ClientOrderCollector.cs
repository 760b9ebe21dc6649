using Engine.Matching;
using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Session;

/// <summary>
/// Collects the venue ids of one account's resting orders on one side, in the book's priority order (so a
/// side-filtered cancel-all reports in a deterministic order), into a reused buffer that grows past its high-water
/// mark only. Stack-only value, owned by the venue's loop.
/// </summary>
internal struct ClientOrderCollector : IOrderVisitor
{
    private readonly AccountId _account;
    private OrderId[] _buffer;

    public ClientOrderCollector(AccountId account, OrderId[] buffer)
    {
        _account = account;
        _buffer = buffer;
        Count = 0;
    }

    public int Count { get; private set; }

    public readonly OrderId[] Buffer => _buffer;

    public bool Visit(in BookOrder order)
    {
        if (order.Owner == _account)
        {
            if (Count == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            _buffer[Count++] = order.OrderId;
        }

        return true;
    }
}
