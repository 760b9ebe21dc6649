using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// Strategies register by name with typed, validated parameters, and declare their state once: the StateHash,
/// snapshots and restores follow from that declaration; an operator's parameter change is validated as the
/// configuration is; a strategy reads depth, trades and its own orders.
/// </summary>
public sealed class StrategyRegistryTests
{
    private static readonly TradingRules s_btcRules = new(2, 5, new Price(1), new Quantity(1_000), new Quantity(1_000), Amount.Zero, ContractMultiplier.One);

    [Test]
    public void TheMarketMaker_IsRegisteredByName_WithItsTypedParameters()
    {
        Assert.That(StrategyRegistry.Default.TryGet("market-maker", out StrategyDescriptor? descriptor), Is.True);
        Assert.That(descriptor!.Parameters.Select(p => (p.Name, p.Kind)), Is.EqualTo(new[]
        {
            ("quoteSize", ParameterKind.Quantity), ("halfSpreadTicks", ParameterKind.Integer), ("skewTicksPerQuote", ParameterKind.Integer),
            ("maxPosition", ParameterKind.Quantity), ("requoteTicks", ParameterKind.Integer),
        }));
        Assert.Throws<InvalidOperationException>(() => StrategyRegistry.Default.Register(MarketMakingStrategy.Descriptor), "the default registry is read-only");
        Assert.That(StrategyRegistry.Default.Copy().Register(TapeReader.Descriptor).Names, Is.EqualTo(new[] { "market-maker", "momentum-taker", "tape-reader" }));
    }

    [TestCase("quoteSize", "0.015", "'0.015' is not a multiple of the listing's lot size 0.01000")]
    [TestCase("quoteSize", "abc", "'abc': ")]
    [TestCase("quoteSize", "0", "'0' (0) is outside 0.00001..max")]
    [TestCase("halfSpreadTicks", "0", "'0' (0) is outside 1..1000000")]
    [TestCase("halfSpreadTicks", "1.5", "'1.5' is not a whole number")]
    [TestCase("requoteTicks", "9999999", "'9999999' (9999999) is outside 1..1000000")]
    public void AParameterValue_ThatDoesNotFit_IsRefusedWithWhy(string name, string value, string message)
    {
        var errors = new List<(string Parameter, string Message)>();
        var texts = new Dictionary<string, string>(Valid()) { [name] = value };
        MarketMakingStrategy.Descriptor.Parse(texts, s_btcRules, errors);
        Assert.That(errors.Select(e => e.Parameter), Is.EqualTo(new[] { name }));
        Assert.That(errors[0].Message, Does.StartWith(message));
    }

    [Test]
    public void AnUnknownOrMissingParameter_IsRefused_NamingIt()
    {
        var errors = new List<(string Parameter, string Message)>();
        var texts = new Dictionary<string, string>(Valid()) { ["quoteSise"] = "0.01" };
        texts.Remove("maxPosition");
        MarketMakingStrategy.Descriptor.Parse(texts, s_btcRules, errors);
        Assert.That(errors, Has.Count.EqualTo(2));
        Assert.That(errors[0], Is.EqualTo(("quoteSise", "unknown parameter of market-maker (known: quoteSize, halfSpreadTicks, skewTicksPerQuote, maxPosition, requoteTicks)")));
        Assert.That(errors[1].Parameter, Is.EqualTo("maxPosition"));
        Assert.That(errors[1].Message, Does.StartWith("missing: "));
    }

    [Test]
    public void AStateWithPadding_OrFloatingPoint_IsRefusedWhenRegistered()
    {
        ArgumentException padded = Assert.Throws<ArgumentException>(() => _ = new StrategyDescriptor<Padded>("padded", "", default, (b, s) => throw new InvalidOperationException()))!;
        Assert.That(padded.Message, Does.Contain("Padded has 7 bytes of padding"));
        ArgumentException floating = Assert.Throws<ArgumentException>(() => _ = new StrategyDescriptor<Floating>("floating", "", default, (b, s) => throw new InvalidOperationException()))!;
        Assert.That(floating.Message, Does.Contain("Floating.Ratio is floating point"));
    }

    [Test]
    public void TheDeclaredState_IsWhatTheHashAndTheSnapshotCover()
    {
        var fixture = new CoreFixture();
        fixture.Deposit(CoreFixture.MakerAccount, "USDT", 100_000 * 100_000_000L);
        fixture.Deposit(CoreFixture.MakerAccount, "BTC", 100_000_000L);
        ulong before = fixture.Processor.StateHash();
        var maker = (MarketMakingStrategy)fixture.Processor.Strategies[0].Strategy;

        fixture.Parameter(CoreFixture.MakerStrategy, "requoteTicks", "21");
        Assert.That(maker.Snapshot.RequoteTicks, Is.EqualTo(21), "the parameter lives in the state");
        Assert.That(fixture.Processor.StateHash(), Is.Not.EqualTo(before));

        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        var stream = new MemoryStream();
        fixture.Processor.WriteSnapshot(stream);
        var restored = new CoreFixture(restoreFrom: stream.ToArray(), continueFrom: fixture);
        var copy = (MarketMakingStrategy)restored.Processor.Strategies[0].Strategy;
        Assert.That(copy.Snapshot, Is.EqualTo(maker.Snapshot), "restored from the same bytes");
        Assert.That(restored.Processor.StateHash(), Is.EqualTo(fixture.Processor.StateHash()));
    }

    [Test]
    public void AnOperatorsParameterChange_IsValidatedAsTheConfigurationIs()
    {
        var fixture = new CoreFixture();
        var maker = (MarketMakingStrategy)fixture.Processor.Strategies[0].Strategy;
        fixture.Parameter(CoreFixture.MakerStrategy, "quoteSize", "0.000015");
        fixture.Parameter(CoreFixture.MakerStrategy, "quoteSize", "0.00002");
        fixture.Parameter(CoreFixture.MakerStrategy, "noSuchThing", "1");
        Assert.That(maker.Snapshot.QuoteSize, Is.EqualTo(2), "0.000015 is no quantity of 5 decimals; 0.00002 is");
        Assert.That(fixture.Processor.Counters.AdminRefused, Is.EqualTo(2), "the refused changes count as refused admin inputs");
        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.Zero);
    }

    [Test]
    public void AStrategy_ReadsBookDepth_TheLastTrade_AndItsOwnOrders()
    {
        var reader = new TapeReader(CoreFixture.BtcOnSim);
        var fixture = new CoreFixture(withMarketMaker: false, strategies: [new StrategyDefinition(new StrategyId(2), CoreFixture.Trader, "tape-reader", () => reader)]);
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * 100_000_000L);
        byte[] book = new byte[Sbe.EngineSchema.HeaderLength + Sbe.L2UpdateEncoder.BlockLength + 4 + (2 * 18)];
        var update = Sbe.L2UpdateEncoder.WrapAndApplyHeader(book, 0);
        update.InstrumentId = (uint)CoreFixture.Btc.Value;
        update.VenueId = fixture.VenueOf(CoreFixture.Btc);
        update.VenueSequence = 1;
        var levels = update.LevelsCount(2);
        levels.Next();
        levels.Price.SetMantissa(5_000_000);
        levels.Quantity.SetMantissa(100_000);
        levels.Side = Sbe.BookSide.Bid;
        levels.Action = Sbe.UpdateAction.New;
        levels.Next();
        levels.Price.SetMantissa(5_000_100);
        levels.Quantity.SetMantissa(100_000);
        levels.Side = Sbe.BookSide.Ask;
        levels.Action = Sbe.UpdateAction.New;
        fixture.Raw(book);
        Assert.That(reader.Seen.Depth, Is.EqualTo((5_000_000L, 100_000L)), "the best bid level of the depth");
        Assert.That(reader.Seen.OpenOrders, Is.EqualTo(1), "its own order, placed on the first book");

        byte[] frame = new byte[Sbe.EngineSchema.HeaderLength + Sbe.TradeEncoder.BlockLength];
        var print = Sbe.TradeEncoder.WrapAndApplyHeader(frame, 0);
        print.Price.SetMantissa(5_000_050);
        print.Quantity.SetMantissa(3_000);
        print.InstrumentId = (uint)CoreFixture.Btc.Value;
        print.VenueId = fixture.VenueOf(CoreFixture.Btc);
        print.AggressorSide = Sbe.Side.Sell;
        fixture.Raw(frame);
        Assert.That(reader.Seen.LastTrade, Is.EqualTo(5_000_050L));
        Assert.That(reader.Snapshot.Orders, Is.EqualTo(1), "its state counts what it placed");
    }

    private static Dictionary<string, string> Valid() => new(StringComparer.Ordinal)
    {
        ["quoteSize"] = "0.01", ["halfSpreadTicks"] = "100", ["skewTicksPerQuote"] = "50", ["maxPosition"] = "0.05", ["requoteTicks"] = "100",
    };

#pragma warning disable CS0649 // Never assigned: these states only exist to be refused.
    private struct Padded
    {
        public long Wide;
        public byte Narrow;
    }

    private struct Floating
    {
        public double Ratio;
    }
#pragma warning restore CS0649

    private struct TapeState
    {
        public long Orders;
    }

    /// <summary>A strategy that looks at what the context shows it and places one far bid.</summary>
    private sealed class TapeReader(ListingId listing) : Strategy<TapeState>(default, listing, [])
    {
        public static StrategyDescriptor<TapeState> Descriptor { get; } = new("tape-reader", "reads the tape", default, (binding, state) => new TapeReader(binding.Listing));

        public ((long Price, long Quantity) Depth, int OpenOrders, long LastTrade) Seen;

        public override void OnBook(StrategyContext context, in TopOfBook top)
        {
            if (State.Orders == 0)
            {
                context.SubmitLimit(Listing, Side.Buy, new Price(4_990_000), new Quantity(1_000));
                State.Orders++;
            }

            context.Depth(Listing).TryGetLevel(Side.Buy, 0, out Engine.Matching.BookLevel best);
            int open = 0;
            foreach (OrderView order in context.OpenOrders)
            {
                open += order.Listing == Listing ? 1 : 0;
            }

            Seen = ((best.Price.Units, best.Quantity.Units), open, Seen.LastTrade);
        }

        public override void OnTrade(StrategyContext context, in MarketTrade trade) => Seen.LastTrade = context.LastTrade(Listing).Price.Units;
    }
}
