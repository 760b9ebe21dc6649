using BenchmarkDotNet.Attributes;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Benchmarks.Rings;

/// <summary>
/// Publish then consume through a barrier on one thread, in batches of <see cref="Batch"/>: the instruction cost of
/// a hop through the ring (claim, write, publish, wait, read, advance) without the cross-core cache transfer the
/// harnesses measure. 0 B expected.
/// </summary>
[MemoryDiagnoser]
public class PublishConsumeBenchmarks
{
    private const int RingSize = 1024;
    private const int Operations = 1024;

    private RingBuffer<long> _ring = null!;
    private SingleProducerSequencer _single = null!;
    private MultiProducerSequencer _multi = null!;
    private SequenceBarrier _singleBarrier = null!;
    private SequenceBarrier _multiBarrier = null!;
    private Sequence _singleConsumer = null!;
    private Sequence _multiConsumer = null!;

    [Params(1, 64)]
    public int Batch { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _ring = new RingBuffer<long>(RingSize);
        _single = new SingleProducerSequencer(RingSize, new BusySpinWaitStrategy());
        _singleConsumer = new Sequence();
        _single.AddGatingSequences(_singleConsumer);
        _singleBarrier = _single.NewBarrier();
        _multi = new MultiProducerSequencer(RingSize, new BusySpinWaitStrategy());
        _multiConsumer = new Sequence();
        _multi.AddGatingSequences(_multiConsumer);
        _multiBarrier = _multi.NewBarrier();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long SingleProducer_PublishThenConsume() => Run(_single, _singleBarrier, _singleConsumer);

    [Benchmark(OperationsPerInvoke = Operations)]
    public long MultiProducer_PublishThenConsume() => Run(_multi, _multiBarrier, _multiConsumer);

    private long Run<TSequencer>(TSequencer sequencer, SequenceBarrier barrier, Sequence consumer)
        where TSequencer : Sequencer
    {
        long sum = 0;
        int batch = Batch;
        for (int done = 0; done < Operations; done += batch)
        {
            long high = sequencer.Next(batch);
            long low = high - batch + 1;
            for (long s = low; s <= high; s++)
            {
                _ring[s] = s;
            }

            sequencer.Publish(low, high);

            long next = consumer.Value + 1;
            long available = barrier.WaitFor(next);
            for (; next <= available; next++)
            {
                sum += _ring[next];
            }

            consumer.Value = available;
        }

        return sum;
    }
}
