using Engine.Matching;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Property test of internal crossing: a seeded random stream of SOL-USDT orders (GTC, IOC and FOK, both sides,
/// around a moving mid), amends, cancels and deposits from three accounts. After every input: the trial balance is
/// zero, the internal venue's accounts net to zero, and the order table and the internal book agree order by order
/// (every open internal order rests in the book with its remaining quantity, and nothing else does). At the end, a
/// second processor fed the same inputs, and a third restored from a snapshot taken half way, end in the same state.
/// </summary>
[TestFixture]
public sealed class InternalCrossingPropertyTests
{
    private const int Steps = 4_000;
    private const long OneUnit = 100_000_000;
    private static readonly AccountId[] s_accounts = [new(2), new(3), new(4)];

    [TestCase(11)]
    [TestCase(12)]
    public void RandomOrdersAmendsAndCancels_KeepBookLedgerAndOrdersInStep_AndReplayIdentically(int seed)
    {
        var fixture = new CoreFixture(withMarketMaker: false);
        var twin = new CoreFixture(withMarketMaker: false);
        CoreFixture[] both = [fixture, twin];
        foreach (CoreFixture f in both)
        {
            f.Output.Recording = false;
            foreach (AccountId account in s_accounts)
            {
                f.Deposit(account, "USDT", 10_000_000 * OneUnit);
                f.Deposit(account, "SOL", 100_000 * OneUnit);
            }

            f.Bbo(CoreFixture.InternalSol, 14_995, 10_000, 15_005, 10_000);
        }

        var random = new Random(seed);
        long mid = 15_000;
        byte[]? halfWay = null;
        CoreFixture? restored = null;
        for (int step = 0; step < Steps; step++)
        {
            int action = random.Next(100);
            AccountId account = s_accounts[random.Next(s_accounts.Length)];
            var open = OpenInternalOrders(fixture);
            if (action < 50 || open.Count == 0)
            {
                long price = mid + random.Next(-20, 21);
                long quantity = 1 + random.Next(300);
                Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                Sbe.TimeInForce timeInForce = random.Next(10) switch
                {
                    0 => Sbe.TimeInForce.ImmediateOrCancel,
                    1 => Sbe.TimeInForce.FillOrKill,
                    _ => Sbe.TimeInForce.GoodTillCancel,
                };
                Apply(both, restored, f => f.NewOrder(account, CoreFixture.InternalSol, side, price, quantity, timeInForce: timeInForce));
            }
            else if (action < 70)
            {
                (OrderId id, AccountId owner) = open[random.Next(open.Count)];
                long price = mid + random.Next(-20, 21);
                long quantity = 1 + random.Next(400);
                Apply(both, restored, f => f.Amend(owner, id, price, quantity));
            }
            else if (action < 85)
            {
                (OrderId id, AccountId owner) = open[random.Next(open.Count)];
                Apply(both, restored, f => f.Cancel(owner, id));
            }
            else if (action < 90)
            {
                long amount = (1 + random.Next(1_000)) * OneUnit;
                bool withdraw = random.Next(2) == 0;
                string asset = random.Next(2) == 0 ? "USDT" : "SOL";
                Apply(both, restored, f => f.Deposit(account, asset, amount, withdraw));
            }
            else
            {
                mid += random.Next(-10, 11);
                Apply(both, restored, f => f.Bbo(CoreFixture.InternalSol, mid - 5, 10_000, mid + 5, 10_000));
            }

            fixture.AssertTrialBalanceIsZero();
            fixture.AssertInternalVenueNetsToZero($"step {step}: ", expectAccounts: false);
            AssertTableAndBookAgree(fixture, step);
            if (step == Steps / 2)
            {
                var snapshot = new MemoryStream();
                fixture.Processor.WriteSnapshot(snapshot);
                halfWay = snapshot.ToArray();
                restored = new CoreFixture(withMarketMaker: false, restoreFrom: halfWay, continueFrom: fixture);
                restored.Output.Recording = false;
            }
        }

        Assert.That(fixture.Processor.Counters.Fills, Is.GreaterThan(Steps / 4), "the stream must actually cross orders");
        Assert.That(fixture.Processor.Counters.AccountingBreaks, Is.Zero);
        Assert.That(fixture.Processor.Counters.UnknownExecutionReports, Is.Zero);
        Assert.That(twin.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()), "the same inputs give the same state");
        Assert.That(restored!.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()), "snapshot half way plus the rest gives the same state");
        Assert.That(twin.Output.Count, Is.EqualTo(fixture.Output.Count));
    }

    private static void Apply(CoreFixture[] both, CoreFixture? restored, Action<CoreFixture> input)
    {
        foreach (CoreFixture f in both)
        {
            input(f);
        }

        if (restored is not null)
        {
            input(restored);
        }
    }

    private static List<(OrderId Id, AccountId Account)> OpenInternalOrders(CoreFixture fixture)
    {
        var open = new List<(OrderId, AccountId)>();
        OrderTable orders = fixture.Processor.Orders;
        for (int i = 0; i < orders.SlotCount; i++)
        {
            ref OrderRecord order = ref orders.SlotAt(i);
            if (!order.Id.IsNone && order.Instrument == CoreFixture.InternalSol)
            {
                open.Add((order.Id, order.Account));
            }
        }

        return open;
    }

    private static void AssertTableAndBookAgree(CoreFixture fixture, int step)
    {
        IL3Book book = fixture.Processor.InternalBook(CoreFixture.SolInternal);
        OrderTable orders = fixture.Processor.Orders;
        int open = 0;
        for (int i = 0; i < orders.SlotCount; i++)
        {
            ref OrderRecord order = ref orders.SlotAt(i);
            if (order.Id.IsNone || order.Instrument != CoreFixture.InternalSol)
            {
                continue;
            }

            open++;
            Assert.That(order.State, Is.EqualTo(OrderState.Working), $"step {step}: order {order.Id.Value} between inputs");
            Assert.That(book.TryGetOrder(order.Id, out BookOrder resting), Is.True, $"step {step}: order {order.Id.Value} is open but not in the book");
            Assert.That((resting.Quantity, resting.Owner, resting.Price), Is.EqualTo((order.Leaves, order.Account, order.Price)), $"step {step}: order {order.Id.Value}");
        }

        Assert.That(book.OrderCount, Is.EqualTo(open), $"step {step}: the book holds orders the table does not");
        book.ValidateInternalState();
    }
}
