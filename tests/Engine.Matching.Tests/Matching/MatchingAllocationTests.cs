using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>In steady state (pools warmed up) matching, cancels and amends allocate nothing.</summary>
[TestFixture]
public sealed class MatchingAllocationTests
{
    [Test]
    public void SteadyStateMatching_AllocatesNothing()
    {
        const int Commands = 200_000;
        var engine = new MatchingEngine(TradingRules.Unit(), new FastL3Book(orderCapacity: 8192, levelCapacity: 1024));
        NewOrder[] orders = new NewOrder[Commands];
        var random = new Random(5);
        for (int i = 0; i < Commands; i++)
        {
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? 1_000 - random.Next(-5, 100) : 1_000 + random.Next(-5, 100);
            orders[i] = new NewOrder(
                new OrderId(i + 1),
                new AccountId(random.Next(1, 4)),
                side,
                OrderType.Limit,
                random.Next(10) == 0 ? TimeInForce.Ioc : TimeInForce.Gtc,
                new Price(price),
                new Quantity(random.Next(1, 100)),
                OrderFlags.None,
                (SelfTradePrevention)random.Next(4));
        }

        var sink = new CountingSink();
        Run(engine, orders, 0, Commands / 2, ref sink);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Run(engine, orders, Commands / 2, Commands, ref sink);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero, "bytes allocated in steady state");
        Assert.That(sink.Trades, Is.GreaterThan(1000));
        engine.Book.ValidateInternalState();
    }

    [Test]
    public void SteadyStateL2Updates_AllocateNothing()
    {
        var book = new FastL2Book(levelCapacity: 1024);
        var random = new Random(3);
        long[] prices = new long[100_000];
        for (int i = 0; i < prices.Length; i++)
        {
            prices[i] = random.Next(0, 400);
        }

        Apply(book, prices);
        long before = GC.GetAllocatedBytesForCurrentThread();
        Apply(book, prices);
        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
    }

    private static void Apply(FastL2Book book, long[] prices)
    {
        for (int i = 0; i < prices.Length; i++)
        {
            Side side = (prices[i] & 1) == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? 10_000 - prices[i] : 10_001 + prices[i];
            book.Set(side, new Price(price), new Quantity(i % 3 == 0 ? 0 : i));
        }
    }

    private static void Run(MatchingEngine engine, NewOrder[] orders, int from, int to, ref CountingSink sink)
    {
        for (int i = from; i < to; i++)
        {
            engine.Submit(in orders[i], ref sink);
            if (i % 3 == 0)
            {
                engine.Cancel(new CancelOrder(orders[i - (i % 300)].OrderId, orders[i - (i % 300)].Account), ref sink);
            }

            if (i % 7 == 0)
            {
                NewOrder target = orders[i - (i % 50)];
                engine.Amend(new AmendOrder(target.OrderId, target.Account, new Price(target.Price.Units + 1), new Quantity(5)), ref sink);
            }

            if (i % 5_000 == 0)
            {
                engine.CancelAll(orders[i].Account, ref sink);
            }
        }
    }
}
