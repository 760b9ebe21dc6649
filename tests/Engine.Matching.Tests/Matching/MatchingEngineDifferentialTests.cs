using Engine.Model;
using Engine.Primitives;

namespace Engine.Matching.Tests;

/// <summary>
/// The matching engine over the reference and over the fast book must emit identical events; state hashes are
/// compared every 100 commands, and replaying the same seeded input twice ends in the same StateHash.
/// </summary>
[TestFixture]
public sealed class MatchingEngineDifferentialTests
{
    [TestCase(42)]
    [TestCase(2024)]
    public void RandomCommands_OverReferenceAndFastBooks_EmitTheSameEvents(int seed)
    {
        const int Commands = 100_000;
        TradingRules rules = TradingRules.Unit();
        var reference = new MatchingEngine(rules, new ReferenceL3Book());
        var fast = new MatchingEngine(rules, new FastL3Book(orderCapacity: 32, levelCapacity: 8));
        var referenceStream = new RandomCommandStream(seed);
        var fastStream = new RandomCommandStream(seed);
        var referenceSink = new RecordingSink();
        var fastSink = new RecordingSink();
        long trades = 0;
        for (int i = 1; i <= Commands; i++)
        {
            referenceStream.ApplyNext(reference, ref referenceSink);
            fastStream.ApplyNext(fast, ref fastSink);
            Assert.That(fastSink.Events, Is.EqualTo(referenceSink.Events), $"events of command {i}");
            trades += referenceSink.Events.Count(e => e is TradeExecuted);
            referenceSink.Events.Clear();
            fastSink.Events.Clear();
            if (i % 100 == 0)
            {
                Assert.That(fast.StateHash(), Is.EqualTo(reference.StateHash()), $"state hash after command {i}");
            }

            if (i % 10_000 == 0)
            {
                fast.Book.ValidateInternalState();
                reference.Book.ValidateInternalState();
            }
        }

        Assert.That(trades, Is.GreaterThan(Commands / 10), "the stream must actually trade");
    }

    [Test]
    public void SameInputTwice_EndsInTheSameStateHash()
    {
        ulong first = Run(99);
        ulong second = Run(99);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(Run(100), Is.Not.EqualTo(first));
    }

    private static ulong Run(int seed)
    {
        var engine = new MatchingEngine(TradingRules.Unit(), new FastL3Book());
        var stream = new RandomCommandStream(seed);
        var sink = new CountingSink();
        for (int i = 0; i < 20_000; i++)
        {
            stream.ApplyNext(engine, ref sink);
        }

        return engine.StateHash();
    }
}
