using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>
/// Millions of events through a small ring (1024 slots: thousands of wrap-arounds): nothing lost, nothing
/// duplicated, each producer's order kept, each producer's checksum exact.
/// </summary>
public class DisruptorStressTests
{
    private const int RingSize = 1024;

    [Test]
    public void ThreeProducers_ThreeMillionEventsEach_ArriveExactlyOnceAndInProducerOrder()
    {
        const int Producers = 3;
        const long PerProducer = 3_000_000;
        using var disruptor = new Disruptor<StressEvent>(RingSize, ProducerType.Multi, new YieldingWaitStrategy());
        var checker = new StressChecker(Producers);
        disruptor.HandleEventsWith(checker);
        disruptor.Start();

        StressProducer.PublishConcurrently(disruptor.RingBuffer, disruptor.Sequencer, Producers, PerProducer);
        disruptor.Halt(TimeSpan.FromSeconds(120));

        AssertEveryProducerComplete(checker, Producers, PerProducer);
        Assert.That(disruptor.Sequencer.Cursor, Is.EqualTo((Producers * PerProducer) - 1));
    }

    [Test]
    public void ThreeProducers_ClaimingInBatches_ArriveExactlyOnceAndInProducerOrder()
    {
        const int Producers = 3;
        const long PerProducer = 2_000_000;
        using var disruptor = new Disruptor<StressEvent>(RingSize, ProducerType.Multi, new YieldingWaitStrategy());
        var checker = new StressChecker(Producers);
        disruptor.HandleEventsWith(checker);
        disruptor.Start();

        StressProducer.PublishConcurrently(disruptor.RingBuffer, disruptor.Sequencer, Producers, PerProducer, batch: 7);
        disruptor.Halt(TimeSpan.FromSeconds(120));

        AssertEveryProducerComplete(checker, Producers, PerProducer);
    }

    [Test]
    public void SingleProducer_FiveMillionEvents_ArriveExactlyOnceInOrder()
    {
        const long Events = 5_000_000;
        var sequencer = new SingleProducerSequencer(RingSize, new YieldingWaitStrategy());
        using var disruptor = new Disruptor<StressEvent>(new RingBuffer<StressEvent>(RingSize), sequencer);
        var checker = new StressChecker(1);
        disruptor.HandleEventsWith(checker);
        disruptor.Start();

        StressProducer.Publish(disruptor.RingBuffer, sequencer, 0, Events);
        disruptor.Halt(TimeSpan.FromSeconds(120));

        AssertEveryProducerComplete(checker, 1, Events);
        Assert.That(checker.Batches, Is.LessThanOrEqualTo(Events), "every batch ends with exactly one endOfBatch");
    }

    [Test]
    public void Pipeline_JournallerAndReplicatorThenBlp_BlpNeverOvertakesEitherUnderLoad()
    {
        const int Producers = 2;
        const long PerProducer = 1_000_000;
        using var disruptor = new Disruptor<StressEvent>(RingSize, ProducerType.Multi, new YieldingWaitStrategy());
        EventHandlerGroup<StressEvent> firstStages = disruptor.HandleEventsWith(new StampingHandler(journal: true), new StampingHandler(journal: false));
        var blp = new DependencyCheckingHandler(firstStages.Processors[0].Sequence, firstStages.Processors[1].Sequence);
        var checker = new StressChecker(Producers);
        firstStages.Then(blp).Then(checker);
        disruptor.Start();

        StressProducer.PublishConcurrently(disruptor.RingBuffer, disruptor.Sequencer, Producers, PerProducer);
        disruptor.Halt(TimeSpan.FromSeconds(120));

        Assert.Multiple(() =>
        {
            Assert.That(blp.Count, Is.EqualTo(Producers * PerProducer));
            Assert.That(blp.Violations, Is.Zero, "the BLP saw an event before the journaller or the replicator finished it");
        });
        AssertEveryProducerComplete(checker, Producers, PerProducer);
    }

    private static void AssertEveryProducerComplete(StressChecker checker, int producers, long perProducer)
    {
        Assert.That(checker.FirstViolation, Is.Null);
        Assert.That(checker.Count, Is.EqualTo(producers * perProducer));
        for (int p = 0; p < producers; p++)
        {
            Assert.Multiple(() =>
            {
                Assert.That(checker.Received[p], Is.EqualTo(perProducer), $"producer {p}: events received");
                Assert.That(checker.Checksums[p], Is.EqualTo(StressEvent.ExpectedChecksum(p, perProducer)), $"producer {p}: checksum");
            });
        }
    }
}
