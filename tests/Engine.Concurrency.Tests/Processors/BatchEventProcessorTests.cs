using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Processors;

public class BatchEventProcessorTests
{
    [Test]
    public void Run_HandsEveryAvailableEventWithEndOfBatchOnTheLastOne_ThenCallsOnBatchPublishedAfterPublishingIt()
    {
        var ring = new RingBuffer<long>(16);
        var sequencer = new SingleProducerSequencer(16, new YieldingWaitStrategy());
        var handler = new RecordingHandler("recorder");
        var processor = new BatchEventProcessor<long, RecordingHandler>(ring, sequencer.NewBarrier(), handler);
        handler.Observed = processor.Sequence;
        sequencer.AddGatingSequences(processor.Sequence);

        // Five events published before the processor starts: it must see them as one batch.
        long high = sequencer.Next(5);
        for (long s = 0; s <= high; s++)
        {
            ring[s] = s * 10;
        }

        sequencer.Publish(0, high);
        var thread = new Thread(processor.Run) { Name = processor.Name };
        thread.Start();
        WaitUntil(() => processor.Sequence.Value == high);
        processor.Halt();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(handler.Sequences, Is.EqualTo(new long[] { 0, 1, 2, 3, 4 }));
            Assert.That(handler.BatchEnds, Is.EqualTo(new long[] { 4 }));
            Assert.That(handler.PublishedAtHook, Is.EqualTo(new long[] { 4 }), "the hook runs once per batch, after the batch is published");
            Assert.That(handler.Starts, Is.EqualTo(1));
            Assert.That(handler.Shutdowns, Is.EqualTo(1));
            Assert.That(handler.StartThreadName, Is.EqualTo("recorder"));
            Assert.That(processor.Fault, Is.Null);
            Assert.That(processor.IsRunning, Is.False);
        });
    }

    [Test]
    public void Run_WhenTheHandlerThrows_StopsBeforeTheFailedEventAndReportsItsSequence()
    {
        var ring = new RingBuffer<long>(16);
        var sequencer = new SingleProducerSequencer(16, new YieldingWaitStrategy());
        var handler = new RecordingHandler("journaller", 6);
        ProcessorFault? reported = null;
        var processor = new BatchEventProcessor<long, RecordingHandler>(ring, sequencer.NewBarrier(), handler, f => reported = f);
        sequencer.AddGatingSequences(processor.Sequence);
        sequencer.Publish(0, sequencer.Next(10));

        processor.Run();

        Assert.Multiple(() =>
        {
            Assert.That(handler.Sequences, Is.EqualTo(new long[] { 0, 1, 2, 3, 4, 5 }));
            Assert.That(processor.Sequence.Value, Is.EqualTo(5), "the failed event must stay unprocessed");
            Assert.That(processor.Fault, Is.Not.Null);
            Assert.That(processor.Fault!.Sequence, Is.EqualTo(6));
            Assert.That(processor.Fault.Phase, Is.EqualTo(FaultPhase.Event));
            Assert.That(processor.Fault.ProcessorName, Is.EqualTo("journaller"));
            Assert.That(processor.Fault.Exception, Is.InstanceOf<InvalidDataException>());
            Assert.That(reported, Is.SameAs(processor.Fault));
            Assert.That(handler.Shutdowns, Is.EqualTo(1));
        });
    }

    [Test]
    public void Run_WithLogAndContinue_SkipsOnlyTheFailedEventsAndLogsEach()
    {
        var ring = new RingBuffer<long>(16);
        var sequencer = new SingleProducerSequencer(16, new YieldingWaitStrategy());
        var inner = new RecordingHandler("replicator", 2, 7);
        var logged = new List<ProcessorFault>();
        var handler = new LogAndContinueHandler<long, RecordingHandler>(inner, logged.Add);
        var processor = new BatchEventProcessor<long, LogAndContinueHandler<long, RecordingHandler>>(ring, sequencer.NewBarrier(), handler);
        sequencer.AddGatingSequences(processor.Sequence);
        sequencer.Publish(0, sequencer.Next(10));
        var thread = new Thread(processor.Run);
        thread.Start();
        WaitUntil(() => processor.Sequence.Value == 9);
        processor.Halt();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(inner.Sequences, Is.EqualTo(new long[] { 0, 1, 3, 4, 5, 6, 8, 9 }));
            Assert.That(logged.Select(f => f.Sequence), Is.EqualTo(new long[] { 2, 7 }));
            Assert.That(logged[0].ProcessorName, Is.EqualTo("replicator"));
            Assert.That(logged[0].ToString(), Does.Contain("sequence 2").And.Contain("bad event"));
            Assert.That(processor.Handler.SkippedEvents, Is.EqualTo(2));
            Assert.That(processor.Fault, Is.Null);
        });
    }

    [Test]
    public void Run_WithAStructHandlerThatHasNoBatchHook_AllocatesNothingPerBatch()
    {
        // One event per publish: the consumer sees many small batches, so a per-batch allocation cannot hide.
        const long WarmUp = 100_000;
        const long Measured = 500_000;
        var ring = new RingBuffer<long>(1024);
        var sequencer = new SingleProducerSequencer(1024, new YieldingWaitStrategy());
        var processor = new BatchEventProcessor<long, AllocationMeasuringHandler>(
            ring, sequencer.NewBarrier(), new AllocationMeasuringHandler(WarmUp, WarmUp + Measured - 1));
        sequencer.AddGatingSequences(processor.Sequence);
        var thread = new Thread(processor.Run);
        thread.Start();
        for (long i = 0; i < WarmUp + Measured; i++)
        {
            long sequence = sequencer.Next();
            ring[sequence] = i;
            sequencer.Publish(sequence);
        }

        WaitUntil(() => processor.Sequence.Value == WarmUp + Measured - 1);
        processor.Halt();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);

        Assert.Multiple(() =>
        {
            Assert.That(processor.Handler.Count, Is.EqualTo(WarmUp + Measured));
            Assert.That(processor.Handler.Batches, Is.GreaterThan(1), "the run must have had more than one batch");
            Assert.That(processor.Handler.AllocatedBytes, Is.Zero, "bytes allocated by the consumer thread");
        });
    }

    [Test]
    public void Run_WithAStructHandlerThatHasABatchHook_CallsItOnTheProcessorsCopy()
    {
        var ring = new RingBuffer<long>(16);
        var sequencer = new SingleProducerSequencer(16, new YieldingWaitStrategy());
        var processor = new BatchEventProcessor<long, BatchHookHandlers.StructWithHook>(ring, sequencer.NewBarrier(), default);
        sequencer.AddGatingSequences(processor.Sequence);
        var thread = new Thread(processor.Run);
        thread.Start();
        sequencer.Publish(0, sequencer.Next(3));
        WaitUntil(() => processor.Sequence.Value == 2);
        sequencer.Publish(sequencer.Next());
        WaitUntil(() => processor.Sequence.Value == 3);
        processor.Halt();
        Assert.That(thread.Join(TimeSpan.FromSeconds(30)), Is.True);

        // The hook ran on the handler the processor holds (not on a boxed copy), once per batch.
        Assert.That(processor.Handler.Hooks, Is.EqualTo(2), "one call per batch: two batches");
    }

    [Test]
    public void Run_Twice_IsRejected()
    {
        var ring = new RingBuffer<long>(4);
        var sequencer = new SingleProducerSequencer(4, new YieldingWaitStrategy());
        var processor = new BatchEventProcessor<long, RecordingHandler>(ring, sequencer.NewBarrier(), new RecordingHandler("once", 0));
        sequencer.Publish(sequencer.Next());
        processor.Run();
        Assert.That(processor.Run, Throws.InvalidOperationException.With.Message.Contains("runs once"));
    }

    [Test]
    public void Halt_BeforeRun_EndsRunAtOnceWithoutStartingTheHandler()
    {
        var ring = new RingBuffer<long>(4);
        var sequencer = new SingleProducerSequencer(4, new YieldingWaitStrategy());
        var handler = new RecordingHandler("never");
        var processor = new BatchEventProcessor<long, RecordingHandler>(ring, sequencer.NewBarrier(), handler);
        processor.Halt();
        processor.Run();
        Assert.That(handler.Starts, Is.Zero);
    }

    // A liveness guard, not a timing assertion: fails instead of hanging when the condition never becomes true.
    internal static void WaitUntil(Func<bool> condition)
    {
        var spinner = default(SpinWait);
        long deadline = Environment.TickCount64 + 60_000;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline)
            {
                Assert.Fail("condition not reached within 60 s");
            }

            spinner.SpinOnce();
        }
    }
}
