using Engine.Concurrency.Pipelines;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Pipelines;

public class DisruptorLifecycleTests
{
    private static IEnumerable<TestCaseData> Strategies()
    {
        yield return new TestCaseData(new YieldingWaitStrategy()).SetArgDisplayNames("yielding");
        yield return new TestCaseData(new SleepingWaitStrategy()).SetArgDisplayNames("sleeping");
        yield return new TestCaseData(new BlockingWaitStrategy()).SetArgDisplayNames("blocking");
    }

    [TestCaseSource(nameof(Strategies))]
    public void Halt_ProcessesEverythingPublishedBeforeItInEveryStage(IWaitStrategy strategy)
    {
        const long Events = 200_000;
        using var disruptor = new Disruptor<StressEvent>(256, ProducerType.Single, strategy);
        var first = new CountingHandler("first");
        var second = new CountingHandler("second");
        disruptor.HandleEventsWith(first).Then(second);
        disruptor.Start();

        StressProducer.Publish(disruptor.RingBuffer, disruptor.Sequencer, 0, Events);
        disruptor.Halt(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(first.Count, Is.EqualTo(Events));
            Assert.That(second.Count, Is.EqualTo(Events));
            Assert.That(second.LastSequence, Is.EqualTo(Events - 1));
            Assert.That(second.OutOfOrder, Is.False);
            Assert.That(disruptor.Processors.All(p => !p.IsRunning), Is.True);
            Assert.That(disruptor.Fault, Is.Null);
        });
    }

    [Test]
    public void Halt_WithNothingPublished_StopsAtOnce()
    {
        using var disruptor = new Disruptor<StressEvent>(64, ProducerType.Multi, new BlockingWaitStrategy());
        var handler = new CountingHandler("idle");
        disruptor.HandleEventsWith(handler);
        disruptor.Start();
        disruptor.Halt(TimeSpan.FromSeconds(30));
        Assert.That(handler.Count, Is.Zero);
    }

    [Test]
    public void ThrowingHandler_StopsThePipelineAndReportsStageSequenceAndException()
    {
        using var disruptor = new Disruptor<StressEvent>(1024, ProducerType.Single, new YieldingWaitStrategy());
        var journaller = new CountingHandler("journaller", throwAt: 500);
        var blp = new CountingHandler("blp");
        disruptor.HandleEventsWith(journaller).Then(blp);
        disruptor.Start();

        StressProducer.Publish(disruptor.RingBuffer, disruptor.Sequencer, 0, 1000);

        PipelineFaultException? fault = Assert.Throws<PipelineFaultException>(() => disruptor.Join(TimeSpan.FromSeconds(60)));
        Assert.Multiple(() =>
        {
            Assert.That(fault!.Fault.ProcessorName, Is.EqualTo("journaller"));
            Assert.That(fault.Fault.Sequence, Is.EqualTo(500));
            Assert.That(fault.Fault.Phase, Is.EqualTo(FaultPhase.Event));
            Assert.That(fault.InnerException, Is.InstanceOf<InvalidOperationException>());
            Assert.That(fault.Message, Does.Contain("journaller").And.Contain("sequence 500").And.Contain("refused event 500"));
            Assert.That(journaller.Count, Is.EqualTo(500), "events 0..499 were journaled, 500 failed");
            Assert.That(blp.Count, Is.EqualTo(500), "the BLP never sees an event the journaller did not finish");
            Assert.That(blp.LastSequence, Is.EqualTo(499));
            Assert.That(disruptor.Processors[0].Sequence.Value, Is.EqualTo(499));
            Assert.That(disruptor.Fault, Is.SameAs(fault.Fault));
        });
        Assert.That(() => disruptor.Halt(TimeSpan.FromSeconds(30)), Throws.InstanceOf<PipelineFaultException>());
    }

    [Test]
    public void NonCriticalStageWithLogAndContinue_FailuresAreLoggedAndThePipelineKeepsGoing()
    {
        using var disruptor = new Disruptor<StressEvent>(256, ProducerType.Single, new YieldingWaitStrategy());
        var journaller = new CountingHandler("journaller");
        var logged = new System.Collections.Concurrent.ConcurrentQueue<ProcessorFault>();
        var replicator = new LogAndContinueHandler<StressEvent, CountingHandler>(new CountingHandler("replicator", throwAt: 700), logged.Enqueue);
        var blp = new CountingHandler("blp");
        disruptor.HandleEventsWith(journaller, replicator).Then(blp);
        disruptor.Start();

        StressProducer.Publish(disruptor.RingBuffer, disruptor.Sequencer, 0, 10_000);
        disruptor.Halt(TimeSpan.FromSeconds(60));

        Assert.Multiple(() =>
        {
            Assert.That(journaller.Count, Is.EqualTo(10_000));
            Assert.That(blp.Count, Is.EqualTo(10_000));
            Assert.That(logged.Select(f => (f.ProcessorName, f.Sequence)), Is.EqualTo(new[] { ("replicator", 700L) }));
            Assert.That(disruptor.Fault, Is.Null);
        });
    }

    [Test]
    public void ProducerOnAFullRing_AfterAStageFailed_GetsPipelineHaltedInsteadOfHanging()
    {
        using var disruptor = new Disruptor<StressEvent>(64, ProducerType.Single, new YieldingWaitStrategy());
        disruptor.HandleEventsWith(new CountingHandler("journaller", throwAt: 10));
        disruptor.Start();

        Assert.That(
            () => StressProducer.Publish(disruptor.RingBuffer, disruptor.Sequencer, 0, 1000),
            Throws.InstanceOf<PipelineHaltedException>());
        Assert.That(() => disruptor.Join(TimeSpan.FromSeconds(60)), Throws.InstanceOf<PipelineFaultException>());
    }

    [Test]
    public void Stages_RunOnThreadsNamedAfterTheirHandlers()
    {
        var ring = new RingBuffer<long>(8);
        var sequencer = new SingleProducerSequencer(8, new YieldingWaitStrategy());
        using var disruptor = new Disruptor<long>(ring, sequencer);
        var journaller = new Processors.RecordingHandler("journaller");
        var replicator = new Processors.RecordingHandler("replicator");
        var blp = new Processors.RecordingHandler("blp");
        disruptor.HandleEventsWith(journaller, replicator).Then(blp);
        disruptor.Start();
        sequencer.Publish(sequencer.Next());
        disruptor.Halt(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(journaller.StartThreadName, Is.EqualTo("journaller"));
            Assert.That(replicator.StartThreadName, Is.EqualTo("replicator"));
            Assert.That(blp.StartThreadName, Is.EqualTo("blp"));
            Assert.That(disruptor.Processors.Select(p => p.Name), Is.EqualTo(new[] { "journaller", "replicator", "blp" }));
            Assert.That(blp.Sequences, Is.EqualTo(new long[] { 0 }));
        });
    }

    [Test]
    public void Producers_AreGatedOnTheLastStageOnly()
    {
        using var disruptor = new Disruptor<StressEvent>(8, ProducerType.Single, new YieldingWaitStrategy());
        EventHandlerGroup<StressEvent> first = disruptor.HandleEventsWith(new CountingHandler("a"), new CountingHandler("b"));
        EventHandlerGroup<StressEvent> last = first.Then(new CountingHandler("c"));

        // Only the last stage's sequence gates: moving it alone frees capacity.
        last.Processors[0].Sequence.Value = 3;
        disruptor.Sequencer.Publish(disruptor.Sequencer.Next(8));
        Assert.That(disruptor.Sequencer.MinimumGatingSequence(), Is.EqualTo(3));
    }

    [Test]
    public void Start_Twice_IsRejected()
    {
        using var disruptor = new Disruptor<StressEvent>(8, ProducerType.Single, new YieldingWaitStrategy());
        disruptor.HandleEventsWith(new CountingHandler("a"));
        disruptor.Start();
        Assert.Multiple(() =>
        {
            Assert.That(disruptor.Start, Throws.InvalidOperationException);
            Assert.That(() => disruptor.HandleEventsWith(new CountingHandler("late")), Throws.InvalidOperationException);
        });
        disruptor.Halt(TimeSpan.FromSeconds(30));
    }

    [Test]
    public void Constructor_WithMismatchedRingAndSequencer_IsRejected()
    {
        Assert.That(
            () => new Disruptor<long>(new RingBuffer<long>(8), new SingleProducerSequencer(16, new YieldingWaitStrategy())),
            Throws.ArgumentException.With.Message.Contains("8 slots"));
    }
}
