using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Tests.Sequencing;

public class SingleProducerSequencerTests
{
    private const int Size = 8;

    [Test]
    public void Next_ClaimsConsecutiveSequencesFromZero()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.Next(), Is.EqualTo(0));
            Assert.That(sequencer.Next(), Is.EqualTo(1));
            Assert.That(sequencer.Next(3), Is.EqualTo(4));
        });
    }

    [Test]
    public void Publish_MovesTheCursorAndMakesTheSlotAvailable()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        long sequence = sequencer.Next();
        Assert.That(sequencer.IsAvailable(sequence), Is.False);
        sequencer.Publish(sequence);
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.Cursor, Is.EqualTo(0));
            Assert.That(sequencer.IsAvailable(0), Is.True);
            Assert.That(sequencer.GetHighestPublishedSequence(0, 0), Is.EqualTo(0));
        });
    }

    [Test]
    public void TryNext_WhenTheRingIsFull_FailsWithoutWaiting()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        for (int i = 0; i < Size; i++)
        {
            Assert.That(sequencer.TryNext(out long claimed), Is.True);
            sequencer.Publish(claimed);
        }

        Assert.Multiple(() =>
        {
            Assert.That(sequencer.TryNext(out _), Is.False);
            Assert.That(sequencer.RemainingCapacity(), Is.EqualTo(0));
        });

        consumer.Value = 2;
        Assert.Multiple(() =>
        {
            Assert.That(sequencer.RemainingCapacity(), Is.EqualTo(3));
            Assert.That(sequencer.TryNext(3, out long highest), Is.True);
            Assert.That(highest, Is.EqualTo(Size + 2));
            Assert.That(sequencer.TryNext(out _), Is.False);
        });
    }

    [Test]
    public void RemainingCapacity_CountsClaimedSlotsAsUsed()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        sequencer.AddGatingSequences(new Sequence());
        sequencer.Next(3);
        Assert.That(sequencer.RemainingCapacity(), Is.EqualTo(Size - 3));
    }

    [TestCase(0)]
    [TestCase(-1)]
    [TestCase(Size + 1)]
    public void Next_WithAClaimOutsideOneToSize_IsRejected(int count)
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        Assert.Multiple(() =>
        {
            Assert.That(() => sequencer.Next(count), Throws.InstanceOf<ArgumentOutOfRangeException>());
            Assert.That(() => sequencer.TryNext(count, out _), Throws.InstanceOf<ArgumentOutOfRangeException>());
        });
    }

    [TestCase(0)]
    [TestCase(6)]
    [TestCase(-8)]
    public void Constructor_WithASizeThatIsNotAPowerOfTwo_IsRejected(int size)
    {
        Assert.That(() => new SingleProducerSequencer(size, new BusySpinWaitStrategy()), Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Next_WhenTheRingIsFull_WaitsUntilTheConsumerFreesASlot()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        var consumer = new Sequence();
        sequencer.AddGatingSequences(consumer);
        sequencer.Publish(sequencer.Next(Size));

        long claimed = -1;
        var producer = new Thread(() => claimed = sequencer.Next());
        producer.Start();

        // The producer cannot have claimed: nothing was consumed. Free one slot and it must complete.
        Assert.That(producer.Join(TimeSpan.FromMilliseconds(50)), Is.False);
        consumer.Value = 0;
        Assert.That(producer.Join(TimeSpan.FromSeconds(30)), Is.True, "the producer never saw the freed slot");
        Assert.That(claimed, Is.EqualTo(Size));
    }

    [Test]
    public void Next_WhenTheRingIsFullAndHalted_ThrowsInsteadOfWaitingForever()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        sequencer.AddGatingSequences(new Sequence());
        sequencer.Publish(sequencer.Next(Size));
        sequencer.Halt();
        Assert.Multiple(() =>
        {
            Assert.That(() => sequencer.Next(), Throws.InstanceOf<PipelineHaltedException>().With.Message.Contains("sequence 8"));
            Assert.That(sequencer.TryNext(out _), Is.False);
        });
    }

    [Test]
    public void AddGatingSequences_WhileRunning_MovesTheNewSequenceToTheCursor()
    {
        var sequencer = new SingleProducerSequencer(Size, new BusySpinWaitStrategy());
        sequencer.Publish(sequencer.Next(5));
        var late = new Sequence();
        sequencer.AddGatingSequences(late);
        Assert.Multiple(() =>
        {
            Assert.That(late.Value, Is.EqualTo(4));
            Assert.That(sequencer.MinimumGatingSequence(), Is.EqualTo(4));
            Assert.That(sequencer.RemoveGatingSequence(late), Is.True);
            Assert.That(sequencer.RemoveGatingSequence(late), Is.False);
        });
    }
}
