using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>The same inputs give the same risk state on every run; a different input gives a different hash.</summary>
public sealed class StateHashTests
{
    [Test]
    public void SameSeededInputs_GiveTheSameHashAndDecisions()
    {
        (ulong first, long decisions1) = Replay(7, extraFill: false);
        (ulong second, long decisions2) = Replay(7, extraFill: false);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(decisions2, Is.EqualTo(decisions1));
    }

    [Test]
    public void OneFillMore_GivesADifferentHash()
    {
        (ulong full, _) = Replay(7, extraFill: false);
        (ulong more, _) = Replay(7, extraFill: true);
        Assert.That(more, Is.Not.EqualTo(full));
    }

    private static (ulong Hash, long Decisions) Replay(int seed, bool extraFill)
    {
        RiskEngine engine = CreateEngine(
            spot: new InstrumentRiskLimits(SpotQuantity("2"), Usdt("200000"), SpotQuantity("5"), Usdt("400000"), 300, 10_000),
            account: new AccountRiskLimits(Usdt("600000"), Usdt("20000"), new OrderRateLimit(50, 20)),
            strategy: new OrderRateLimit(20, 5));
        var random = new Random(seed);
        long time = 0;
        long decisions = 17;
        for (int i = 0; i < 5_000; i++)
        {
            time += random.Next(1, 50_000_000);
            int kind = random.Next(10);
            AccountId account = random.Next(2) == 0 ? Alice : Bob;
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            Price price = new(random.Next(5_800_000, 6_200_000));
            Quantity quantity = new(random.Next(1, 300_000));
            if (kind < 5)
            {
                RiskOrder order = Order(Spot, side, price, quantity, account: account, time: time, strategy: new StrategyId(random.Next(0, 3)));
                decisions = (decisions * 31) + (long)engine.Check(in order);
            }
            else if (kind < 8)
            {
                engine.OnFill(account, Spot, side, price, quantity, new Amount(random.Next(0, 1_000)));
            }
            else if (kind < 9)
            {
                engine.SetMarkPrice(Spot, price);
            }
            else
            {
                engine.SetAccountKillSwitch(account, false);
            }
        }

        if (extraFill)
        {
            engine.OnFill(Bob, Spot, Side.Buy, SpotPrice("60000"), SpotQuantity("0.00001"), Amount.Zero);
        }

        var hasher = StateHasher.Create();
        engine.AddToHash(ref hasher);
        return (hasher.Finish(), decisions);
    }
}
