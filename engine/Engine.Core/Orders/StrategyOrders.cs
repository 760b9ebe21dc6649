using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// The open orders of one strategy, in order-table slot order (the same on every replay): use it with <c>foreach</c>.
/// Allocation-free; valid during the callback that got it.
/// </summary>
public ref struct StrategyOrders
{
    private readonly OrderTable _orders;
    private readonly StrategyId _strategy;
    private int _slot;

    internal StrategyOrders(OrderTable orders, StrategyId strategy)
    {
        _orders = orders;
        _strategy = strategy;
        _slot = -1;
    }

    public readonly OrderView Current => OrderView.Of(in _orders.SlotAt(_slot));

    public readonly StrategyOrders GetEnumerator() => this;

    public bool MoveNext()
    {
        while (++_slot < _orders.SlotCount)
        {
            ref OrderRecord order = ref _orders.SlotAt(_slot);
            if (!order.Id.IsNone && order.Strategy == _strategy)
            {
                return true;
            }
        }

        return false;
    }
}
