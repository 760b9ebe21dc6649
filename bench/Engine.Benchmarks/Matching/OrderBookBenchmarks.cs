using BenchmarkDotNet.Attributes;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Benchmarks.Matching;

/// <summary>
/// The L3 book's basic operations on a book of ~1,000 resting orders: add then remove an order near the top, and a
/// matching-engine round (a resting order, then an IOC that takes it). Reference (SortedDictionary) vs fast book.
/// 0 B expected for the fast book.
/// </summary>
[MemoryDiagnoser]
public class OrderBookBenchmarks
{
    private const int Operations = 1024;
    private const long Center = 100_000;

    private FastL3Book _fast = null!;
    private ReferenceL3Book _reference = null!;
    private MatchingEngine _engine = null!;
    private long _nextId = 1_000_000;

    [GlobalSetup]
    public void Setup()
    {
        _fast = new FastL3Book(orderCapacity: 8192, levelCapacity: 2048);
        _reference = new ReferenceL3Book();
        _engine = new MatchingEngine(TradingRules.Unit(), new FastL3Book(orderCapacity: 8192, levelCapacity: 2048));
        var sink = new NullSink();
        for (int i = 0; i < 1_000; i++)
        {
            Side side = i % 2 == 0 ? Side.Buy : Side.Sell;
            long price = side == Side.Buy ? Center - 1 - (i % 700) : Center + 1 + (i % 700);
            var order = new BookOrder(new OrderId(i + 1), new AccountId(1), side, new Price(price), new Quantity(10));
            _fast.Add(order);
            _reference.Add(order);
            _engine.Submit(NewOrder.Limit(order.OrderId, order.Owner, side, order.Price, order.Quantity), ref sink);
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public int Reference_AddThenRemoveNearTop() => AddThenRemove(_reference);

    [Benchmark(OperationsPerInvoke = Operations)]
    public int Fast_AddThenRemoveNearTop() => AddThenRemove(_fast);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long Engine_RestThenTake()
    {
        var sink = new NullSink();
        for (int i = 0; i < Operations; i++)
        {
            long id = _nextId++;
            _engine.Submit(NewOrder.Limit(new OrderId(id), new AccountId(2), Side.Sell, new Price(Center), new Quantity(5)), ref sink);
            _engine.Submit(NewOrder.Limit(new OrderId(_nextId++), new AccountId(3), Side.Buy, new Price(Center), new Quantity(5), TimeInForce.Ioc), ref sink);
        }

        return sink.Trades;
    }

    private int AddThenRemove(IL3Book book)
    {
        int done = 0;
        for (int i = 0; i < Operations; i++)
        {
            var id = new OrderId(_nextId++);
            book.Add(new BookOrder(id, new AccountId(2), Side.Buy, new Price(Center - 1 - (i & 7)), new Quantity(3)));
            done += book.Remove(id, out _) ? 1 : 0;
        }

        return done;
    }
}
