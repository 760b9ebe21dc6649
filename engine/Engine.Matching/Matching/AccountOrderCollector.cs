using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// Collects the ids of one account's orders into a caller-owned, reused buffer (cancel-all). Stack-only value; the
/// buffer is owned by the matching engine's thread and grows only past its high-water mark.
/// </summary>
internal struct AccountOrderCollector : IOrderVisitor
{
    private readonly int _account;
    private OrderId[] _buffer;

    public AccountOrderCollector(AccountId account, OrderId[] buffer, int count)
    {
        _account = account.Value;
        _buffer = buffer;
        Count = count;
    }

    public int Count { get; private set; }

    public readonly OrderId[] Buffer => _buffer;

    public bool Visit(in BookOrder order)
    {
        if (order.Owner.Value == _account)
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
