using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Tests.Sequencing;

public class SequenceTests
{
    [Test]
    public void NewSequence_StartsBeforeTheFirstSlot()
    {
        Assert.That(new Sequence().Value, Is.EqualTo(-1));
    }

    [Test]
    public void CompareAndSet_SetsOnlyWhenTheExpectedValueMatches()
    {
        var sequence = new Sequence(5);
        Assert.Multiple(() =>
        {
            Assert.That(sequence.CompareAndSet(4, 9), Is.False);
            Assert.That(sequence.Value, Is.EqualTo(5));
            Assert.That(sequence.CompareAndSet(5, 9), Is.True);
            Assert.That(sequence.Value, Is.EqualTo(9));
        });
    }

    [Test]
    public void AddAndGet_FromManyThreads_LosesNoIncrement()
    {
        var sequence = new Sequence(0);
        const int PerThread = 100_000;
        var threads = new Thread[4];
        for (int t = 0; t < threads.Length; t++)
        {
            threads[t] = new Thread(() =>
            {
                for (int i = 0; i < PerThread; i++)
                {
                    sequence.AddAndGet(1);
                }
            });
            threads[t].Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.That(sequence.Value, Is.EqualTo(threads.Length * PerThread));
    }

    [Test]
    public void SetVolatile_IsReadBack()
    {
        var sequence = new Sequence();
        sequence.SetVolatile(123);
        Assert.That(sequence.Value, Is.EqualTo(123));
    }
}
