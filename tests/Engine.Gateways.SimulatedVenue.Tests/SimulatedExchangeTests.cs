using Engine.Gateways.SimulatedVenue.Exchange;
using Engine.Gateways.SimulatedVenue.MarketData;
using Engine.Model;
using Engine.Matching;
using Engine.Primitives;

namespace Engine.Gateways.SimulatedVenue.Tests;

[TestFixture]
public sealed class SimulatedExchangeTests
{
    private const long Second = 1_000_000_000;
    private static readonly AccountId s_client = new(7);
    private static readonly TradingRules s_rules = TradingRules.Unit() with { TickSize = new Price(100), LotSize = new Quantity(1_000), MinQuantity = new Quantity(1_000) };

    [Test]
    public void SameSeed_GivesTheSameBookAndTrades()
    {
        (ulong hash, int trades) first = Run(seed: 5, seconds: 20);
        (ulong hash, int trades) second = Run(seed: 5, seconds: 20);
        (ulong hash, int trades) other = Run(seed: 6, seconds: 20);

        Assert.That(second, Is.EqualTo(first));
        Assert.That(other.hash, Is.Not.EqualTo(first.hash));
        Assert.That(first.trades, Is.GreaterThan(100), "the simulated market trades");
    }

    [Test]
    public void SimulatedMarket_KeepsATwoSidedUncrossedBook_AndNeverCancelsAGoneOrder()
    {
        var exchange = new SimulatedExchange(s_rules, new MarketDataGeneratorOptions(), seed: 9);
        var log = new EventLog();
        var sink = new RecordingSink(log);
        for (long t = Second; t <= 60 * Second; t += Second)
        {
            exchange.AdvanceTo(t, ref sink);
            Assert.That(exchange.Book.TryGetBestOrder(Side.Buy, out var bid) && exchange.Book.TryGetBestOrder(Side.Sell, out var ask) && bid.Price < ask.Price, Is.True, $"two-sided and uncrossed at {t / Second} s");
        }

        exchange.Book.ValidateInternalState();
        Assert.That(log.Rejects, Is.Empty, "no generated action was refused");
        Assert.That(exchange.GeneratedActions, Is.GreaterThan(60_000));
    }

    [Test]
    public void ClientOrderJoiningAQueue_IsFilledOnlyAfterTheQuantityAheadOfIt()
    {
        var exchange = new SimulatedExchange(s_rules, new MarketDataGeneratorOptions(), seed: 1);
        var log = new EventLog();
        var sink = new RecordingSink(log);
        var bid = new Price(6_000_000);
        long id = 1L << 48;
        exchange.Apply(Flow(OrderFlowKind.Limit, id++, Side.Buy, bid, 5_000), ref sink);
        exchange.Apply(Flow(OrderFlowKind.Limit, id++, Side.Buy, bid, 5_000), ref sink);
        exchange.Submit(NewOrder.Limit(new OrderId(1), s_client, Side.Buy, bid, new Quantity(3_000)), Quantity.Zero, ref sink);
        exchange.Apply(Flow(OrderFlowKind.Limit, id++, Side.Buy, bid, 5_000), ref sink);

        // 9 lots sold into the bid: the 10 lots ahead of the client absorb all of it.
        exchange.Apply(Flow(OrderFlowKind.Market, id++, Side.Sell, new Price(100), 9_000), ref sink);
        Assert.That(log.Trades.Where(t => t.MakerAccount == s_client), Is.Empty);

        // 3 more lots: 1 completes the queue ahead, 2 fill the client; the order behind it is untouched.
        exchange.Apply(Flow(OrderFlowKind.Market, id++, Side.Sell, new Price(100), 3_000), ref sink);
        TradeExecuted[] clientFills = log.Trades.Where(t => t.MakerAccount == s_client).ToArray();
        Assert.That(clientFills, Has.Length.EqualTo(1));
        Assert.That(clientFills[0].Quantity, Is.EqualTo(new Quantity(2_000)));
        Assert.That(clientFills[0].MakerRemaining, Is.EqualTo(new Quantity(1_000)));
        Assert.That(exchange.Book.TryGetLevelAt(Side.Buy, bid, out BookLevel level) && level.OrderCount == 2, Is.True, "client remainder and the order behind it");
    }

    [Test]
    public void ClientIdsAndAccounts_CannotImpersonateTheSimulatedMarket()
    {
        var exchange = new SimulatedExchange(s_rules, new MarketDataGeneratorOptions(), seed: 1);
        var sink = new RecordingSink(new EventLog());
        Assert.Throws<ArgumentException>(() => exchange.Submit(NewOrder.Limit(new OrderId(1), SimulatedExchange.MarketAccount, Side.Buy, new Price(100), new Quantity(1_000)), Quantity.Zero, ref sink));
        var e = Assert.Throws<ArgumentException>(() => exchange.Submit(NewOrder.Limit(new OrderId(1L << 48), s_client, Side.Buy, new Price(100), new Quantity(1_000)), Quantity.Zero, ref sink));
        Assert.That(e!.Message, Does.Contain("collides"));
    }

    private static OrderFlowEvent Flow(OrderFlowKind kind, long id, Side side, Price price, long quantity) =>
        new(0, kind, new OrderId(id), side, price, new Quantity(quantity), 0);

    private static (ulong Hash, int Trades) Run(ulong seed, int seconds)
    {
        var exchange = new SimulatedExchange(s_rules, new MarketDataGeneratorOptions(), seed);
        var log = new EventLog();
        var sink = new RecordingSink(log);
        exchange.Submit(NewOrder.Limit(new OrderId(1), s_client, Side.Buy, new Price(5_990_000), new Quantity(10_000)), Quantity.Zero, ref sink);
        exchange.AdvanceTo(seconds * Second, ref sink);
        return (exchange.StateHash(), log.Trades.Count);
    }
}
