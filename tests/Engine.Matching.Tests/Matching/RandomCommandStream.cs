using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>
/// A seeded stream of matching commands (every order type, flag, amend and self-trade mode) against a book of a few
/// hundred orders around one price. Applying it to an engine is deterministic given the seed.
/// </summary>
public sealed class RandomCommandStream
{
    private readonly Random _random;
    private readonly List<(long Id, AccountId Account)> _issued = [];
    private long _nextId = 1;

    public RandomCommandStream(int seed)
    {
        _random = new Random(seed);
    }

    /// <summary>Generates one command and applies it to the engine.</summary>
    public void ApplyNext<TSink>(MatchingEngine engine, ref TSink sink)
        where TSink : IMatchingEventSink
    {
        int dice = _random.Next(100);
        var account = new AccountId(_random.Next(1, 6));
        if (dice < 50 || _issued.Count == 0)
        {
            Side side = _random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long offset = _random.Next(-20, 60);
            long price = side == Side.Buy ? 1_000 - offset : 1_000 + offset;
            int kind = _random.Next(20);
            var order = new NewOrder(
                new OrderId(_random.Next(100) == 0 && _issued.Count > 0 ? _issued[_random.Next(_issued.Count)].Id : _nextId++),
                account,
                side,
                kind == 0 ? OrderType.Market : OrderType.Limit,
                kind switch { 0 or 1 or 2 => TimeInForce.Ioc, 3 => TimeInForce.Fok, _ => TimeInForce.Gtc },
                new Price(kind == 0 ? (side == Side.Buy ? 2_000 : 1) : price),
                new Quantity(_random.Next(1, 50)),
                kind switch { 4 => OrderFlags.PostOnly, 5 => OrderFlags.ReduceOnly, _ => OrderFlags.None },
                (SelfTradePrevention)_random.Next(4));
            _issued.Add((order.OrderId.Value, account));
            engine.Submit(order, new Quantity(_random.Next(-30, 30)), ref sink);
        }
        else if (dice < 75)
        {
            (long id, AccountId owner) = _issued[_random.Next(_issued.Count)];
            engine.Cancel(new CancelOrder(new OrderId(id), _random.Next(10) == 0 ? account : owner), ref sink);
        }
        else if (dice < 98)
        {
            (long id, AccountId owner) = _issued[_random.Next(_issued.Count)];
            var amend = new AmendOrder(
                new OrderId(id),
                owner,
                new Price(1_000 + _random.Next(-40, 40)),
                new Quantity(_random.Next(1, 50)),
                _random.Next(10) == 0 ? OrderFlags.PostOnly : OrderFlags.None,
                (SelfTradePrevention)_random.Next(4));
            engine.Amend(amend, ref sink);
        }
        else
        {
            engine.CancelAll(account, ref sink);
        }
    }
}
