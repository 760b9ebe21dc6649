using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Sequencing;

public class MultiProducerSequencerTests
{
    private const int Size = 8;

    [Test]
    public void GetHighestPublishedSequence_StopsBeforeTheFirstUnpublishedSlot()
    {
        var sequencer = new MultiProducerSequencer(Size, new BusySpinWaitStrategy());
        long first = sequencer.Next();
        long second = sequencer.Next();
        long third = sequencer.Next();

        // Published out of order: the second producer finished first.
        sequencer.Publish(third);
        sequencer.Publish(first);
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.Cursor, Is.EqualTo(2), "the cursor is the highest claim");
            Assert.That(sequencer.GetHighestPublishedSequence(0, 2), Is.EqualTo(0));
            Assert.That(sequencer.IsAvailable(second), Is.False);
        });

        sequencer.Publish(second);
        Assert.That(sequencer.GetHighestPublishedSequence(0, 2), Is.EqualTo(2));
    }

    [Test]
    public void IsAvailable_DistinguishesLapsOfTheSameSlot()
    {
        var sequencer = new MultiProducerSequencer(Size, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(0, sequencer.Next(Size));
        consumer.Value = Size - 1;
        long nextLap = sequencer.Next();
        Assert.Multiple(() =>
        {
            Assert.That(nextLap, Is.EqualTo(Size));
            Assert.That(sequencer.IsAvailable(0), Is.True);
            Assert.That(sequencer.IsAvailable(Size), Is.False, "slot 0 holds lap 0, not lap 1");
        });

        sequencer.Publish(nextLap);
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.IsAvailable(Size), Is.True);
            Assert.That(sequencer.IsAvailable(0), Is.False, "lap 0 of slot 0 was overwritten");
        });
    }

    [Test]
    public void TryNext_WhenTheRingIsFull_FailsAndLeavesTheCursor()
    {
        var sequencer = new MultiProducerSequencer(Size, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        Assert.That(sequencer.TryNext(Size, out long highest), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(highest, Is.EqualTo(Size - 1));
            Assert.That(sequencer.TryNext(out _), Is.False);
            Assert.That(sequencer.Cursor, Is.EqualTo(Size - 1));
            Assert.That(sequencer.RemainingCapacity(), Is.EqualTo(0));
        });

        consumer.Value = 0;
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.RemainingCapacity(), Is.EqualTo(1));
            Assert.That(sequencer.TryNext(out long next), Is.True);
            Assert.That(next, Is.EqualTo(Size));
        });
    }

    [Test]
    public void Next_FromManyThreads_ClaimsEverySequenceExactlyOnce()
    {
        const int Producers = 4;
        const int PerProducer = 50_000;
        var sequencer = new MultiProducerSequencer(1024, new BusySpinWaitStrategy());
        var claimedBy = new int[Producers * PerProducer];
        var threads = new Thread[Producers];
        for (int p = 0; p < Producers; p++)
        {
            int producer = p + 1;
            threads[p] = new Thread(() =>
            {
                for (int i = 0; i < PerProducer; i++)
                {
                    long sequence = sequencer.Next();
                    Interlocked.Increment(ref claimedBy[sequence]);
                    sequencer.Publish(sequence);
                }
            });
            threads[p].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.That(claimedBy, Is.All.EqualTo(1));
    }

    [Test]
    public void Next_WhenTheRingIsFullAndHalted_ThrowsInsteadOfWaitingForever()
    {
        var sequencer = new MultiProducerSequencer(Size, new BusySpinWaitStrategy());
        sequencer.AddGatingSequences(new Sequence());
        sequencer.Next(Size);
        sequencer.Halt();
        Assert.That(() => sequencer.Next(), Throws.InstanceOf<PipelineHaltedException>());
    }
}
