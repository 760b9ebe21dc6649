using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching;

/// <summary>
/// Sums the quantity an incoming order could take at its limit, honouring self-trade prevention exactly as the
/// matching loop does (own orders are skipped when canceled-resting, and end the sweep when the incoming side is
/// canceled). Stops as soon as the wanted quantity is reached. Used for fill-or-kill. Stack-only value.
/// </summary>
internal struct FillableQuantityVisitor : IOrderVisitor
{
    private readonly Side _takerSide;
    private readonly long _limit;
    private readonly long _wanted;
    private readonly int _account;
    private readonly SelfTradePrevention _mode;

    public FillableQuantityVisitor(Side takerSide, Price limit, Quantity wanted, AccountId account, SelfTradePrevention mode)
    {
        _takerSide = takerSide;
        _limit = limit.Units;
        _wanted = wanted.Units;
        _account = account.Value;
        _mode = mode;
        Fillable = 0;
    }

    public long Fillable { get; private set; }

    public bool Visit(in BookOrder order)
    {
        if (!_takerSide.Crosses(new Price(_limit), order.Price))
        {
            return false;
        }

        if (_mode != SelfTradePrevention.None && order.Owner.Value == _account)
        {
            return _mode == SelfTradePrevention.CancelResting;
        }

        Fillable += order.Quantity.Units;
        return Fillable < _wanted;
    }
}
