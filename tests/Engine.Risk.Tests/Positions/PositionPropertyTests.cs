using System.Numerics;
using Engine.Primitives;

namespace Engine.Risk.Tests.Positions;

/// <summary>
/// Seeded random fills against two independent recomputations: FIFO lots (a different convention: quantity, and
/// realised + unrealised at any mark, must agree exactly; realised alone must agree whenever the position is flat)
/// and average cost written as a ceiling of the remaining cost in BigInteger (the same convention: realised P&amp;L
/// and entry cost must agree after every fill).
/// </summary>
public sealed class PositionPropertyTests
{
    private const int Seeds = 200;
    private const int FillsPerSeed = 500;

    [Test]
    public void RandomFills_MatchFifoLotsAndAnIndependentAverageCost([Range(0, 3)] int multiplierCase)
    {
        long multiplier = multiplierCase switch { 0 => 1, 1 => 10, 2 => 100, _ => 7 };
        int flatPoints = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var random = new Random(seed * 31 + multiplierCase);
            var position = default(Position);
            var fifo = new FifoLots(multiplier);
            var average = new CeilingAverageCost(multiplier);
            BigInteger realised = 0;
            for (int i = 0; i < FillsPerSeed; i++)
            {
                Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
                long quantity = random.Next(1, 1_000);
                if (!position.Quantity.IsZero && random.Next(6) == 0)
                {
                    // Now and then close exactly, so the walk returns to flat often.
                    side = position.Quantity.Units > 0 ? Side.Sell : Side.Buy;
                    quantity = Math.Abs(position.Quantity.Units);
                }

                long price = random.Next(1, 1_000_000);
                realised += position.ApplyFill(side, price, quantity, multiplier);
                fifo.Apply(side, price, quantity);
                average.Apply(side, price, quantity);

                string where = $"seed {seed}, fill {i}";
                Assert.That(position.Quantity.Units, Is.EqualTo((long)fifo.Quantity), where);
                Assert.That(position.Quantity.Units, Is.EqualTo((long)average.Quantity), where);
                Assert.That(position.RealisedPnl.Units, Is.EqualTo((long)realised), where);
                Assert.That(position.RealisedPnl.Units, Is.EqualTo((long)average.Realised), where);
                Assert.That(position.EntryCost.Units, Is.EqualTo((long)average.Cost), where);

                long mark = random.Next(1, 1_000_000);
                BigInteger total = position.RealisedPnl.Units + (BigInteger)position.UnrealisedAt(mark, multiplier);
                Assert.That(total, Is.EqualTo(fifo.Realised + fifo.UnrealisedAt(mark)), where + ": realised + unrealised");
                if (position.Quantity.IsZero)
                {
                    flatPoints++;
                    Assert.That((BigInteger)position.RealisedPnl.Units, Is.EqualTo(fifo.Realised), where + ": flat");
                }
            }
        }

        Assert.That(flatPoints, Is.GreaterThan(100), "the random walk must return to flat often enough to test it");
    }

    [Test]
    public void RandomFills_ThroughTheEngine_MatchTheModelsPerAccountAndInstrument()
    {
        RiskEngine engine = RiskFixture.CreateEngine();
        var models = new Dictionary<(int, int), FifoLots>();
        var random = new Random(42);
        AccountId[] accounts = [RiskFixture.Alice, RiskFixture.Bob];
        InstrumentId[] instruments = [RiskFixture.Spot, RiskFixture.Perp, RiskFixture.Eth];
        for (int i = 0; i < 20_000; i++)
        {
            AccountId account = accounts[random.Next(accounts.Length)];
            InstrumentId instrument = instruments[random.Next(instruments.Length)];
            const long Multiplier = 1; // money units are price x quantity x multiplier units, and 0.01 BTC is 1 unit at scale 2
            Side side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            long quantity = random.Next(1, 200) * (instrument == RiskFixture.Eth ? 10 : 1);
            long price = random.Next(100, 10_000) * (instrument == RiskFixture.Eth ? 5 : 1);
            engine.OnFill(account, instrument, side, new Price(price), new Quantity(quantity), Amount.Zero);
            if (!models.TryGetValue((account.Value, instrument.Value), out FifoLots? model))
            {
                model = new FifoLots(Multiplier);
                models.Add((account.Value, instrument.Value), model);
            }

            model.Apply(side, price, quantity);
            ref readonly Position position = ref engine.GetPosition(account, instrument);
            Assert.That(position.Quantity.Units, Is.EqualTo((long)model.Quantity));
            if (model.Quantity.IsZero)
            {
                Assert.That((BigInteger)position.RealisedPnl.Units, Is.EqualTo(model.Realised));
            }
        }
    }

    /// <summary>FIFO lots: each close matches the oldest open lots first.</summary>
    private sealed class FifoLots(long multiplier)
    {
        private readonly LinkedList<(long Quantity, long Price)> _lots = new();

        public BigInteger Quantity { get; private set; }

        public BigInteger Realised { get; private set; }

        public void Apply(Side side, long price, long quantity)
        {
            long sign = side == Side.Buy ? 1 : -1;
            long remaining = quantity;
            while (remaining > 0 && _lots.First is { } first && Math.Sign(first.Value.Quantity) == -sign)
            {
                long lotAbs = Math.Abs(first.Value.Quantity);
                long matched = Math.Min(lotAbs, remaining);

                // A long lot sold: (exit - entry); a short lot bought back: (entry - exit).
                Realised += (BigInteger)matched * (first.Value.Quantity > 0 ? price - first.Value.Price : first.Value.Price - price) * multiplier;
                remaining -= matched;
                if (matched == lotAbs)
                {
                    _lots.RemoveFirst();
                }
                else
                {
                    first.Value = (first.Value.Quantity + (sign * matched), first.Value.Price);
                }
            }

            if (remaining > 0)
            {
                _lots.AddLast((sign * remaining, price));
            }

            Quantity += sign * quantity;
        }

        public BigInteger UnrealisedAt(long mark)
        {
            BigInteger sum = 0;
            foreach ((long quantity, long price) in _lots)
            {
                sum += (BigInteger)quantity * (mark - price) * multiplier;
            }

            return sum;
        }
    }

    /// <summary>
    /// Average cost, written the other way round: after closing q of Q, the open position keeps
    /// ceiling-away-from-zero(cost x (Q - q) / Q) of the cost, which is the same as releasing the cost share
    /// truncated toward zero.
    /// </summary>
    private sealed class CeilingAverageCost(long multiplier)
    {
        public BigInteger Quantity { get; private set; }

        public BigInteger Cost { get; private set; }

        public BigInteger Realised { get; private set; }

        public void Apply(Side side, long price, long quantity)
        {
            BigInteger fill = side == Side.Buy ? quantity : -quantity;
            if (Quantity.IsZero || Quantity.Sign == fill.Sign)
            {
                Quantity += fill;
                Cost += fill * price * multiplier;
                return;
            }

            BigInteger closing = BigInteger.Min(BigInteger.Abs(fill), BigInteger.Abs(Quantity));
            BigInteger left = BigInteger.Abs(Quantity) - closing;
            BigInteger kept = CeilingAwayFromZero(Cost * left, BigInteger.Abs(Quantity));
            BigInteger closedSigned = Quantity.Sign * closing;
            Realised += (closedSigned * price * multiplier) - (Cost - kept);
            Quantity -= closedSigned;
            Cost = kept;
            BigInteger opening = BigInteger.Abs(fill) - closing;
            if (opening > 0)
            {
                Quantity = fill.Sign * opening;
                Cost = Quantity * price * multiplier;
            }
        }

        private static BigInteger CeilingAwayFromZero(BigInteger numerator, BigInteger denominator)
        {
            BigInteger quotient = BigInteger.DivRem(BigInteger.Abs(numerator), denominator, out BigInteger remainder);
            if (!remainder.IsZero)
            {
                quotient += 1;
            }

            return numerator.Sign < 0 ? -quotient : quotient;
        }
    }
}
