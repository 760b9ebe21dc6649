using Engine.Model;
using Engine.Primitives;
using static Engine.Risk.Tests.RiskFixture;

namespace Engine.Risk.Tests;

/// <summary>Risk's division-free tick/lot/minimum checks decide exactly as the listing's <see cref="TradingRules.Validate"/>.</summary>
public sealed class TradingRulesDifferentialTests
{
    [Test]
    public void RandomOrders_GetTheSameVerdictAsTradingRules()
    {
        RiskEngine engine = CreateEngine();
        var random = new Random(2024);
        int rejected = 0;
        foreach (InstrumentId instrument in new[] { Spot, Perp, Eth })
        {
            TradingRules rules = Listing(instrument).Rules;
            for (int i = 0; i < 20_000; i++)
            {
                var price = new Price(random.Next(4) == 0 ? random.Next(-2, 3) : random.Next(1, 200_000));
                var quantity = new Quantity(random.Next(4) == 0 ? random.Next(-2, 3) : random.Next(1, 5_000));
                RiskOrder order = Order(instrument, Side.Buy, price, quantity);
                ResultCode actual = engine.Check(in order);
                ResultCode expected = rules.Validate(price, quantity, checkNotional: true) switch
                {
                    ResultCode.Ok => ResultCode.Ok,
                    ResultCode.PriceNotPositive => ResultCode.PriceNotPositive,
                    ResultCode.PriceNotOnTick => ResultCode.PriceNotOnTick,
                    ResultCode.QuantityNotPositive => ResultCode.QuantityNotPositive,
                    ResultCode.QuantityNotOnLot => ResultCode.QuantityNotOnLot,
                    ResultCode.QuantityBelowMinimum => ResultCode.QuantityBelowMinimum,
                    ResultCode.NotionalBelowMinimum => ResultCode.NotionalBelowMinimum,
                    ResultCode other => throw new AssertionException($"unexpected {other}"),
                };
                Assert.That(actual, Is.EqualTo(expected), $"instrument {instrument}, price {price.Units}, quantity {quantity.Units}");
                rejected += actual == ResultCode.Ok ? 0 : 1;
            }
        }

        Assert.That(rejected, Is.GreaterThan(1_000), "the random orders must break the rules often");
    }
}
