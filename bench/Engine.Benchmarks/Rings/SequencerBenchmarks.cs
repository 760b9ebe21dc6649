using BenchmarkDotNet.Attributes;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Benchmarks.Rings;

/// <summary>
/// The producer's cost of claim + write + publish on one thread, the consumer keeping pace (its sequence is moved
/// along by the benchmark), so no cross-core traffic is measured: the instruction cost of the hot path. 0 B expected.
/// </summary>
[MemoryDiagnoser]
public class SequencerBenchmarks
{
    private const int RingSize = 1024;
    private const int Operations = 1024;

    private SingleProducerSequencer _single = null!;
    private MultiProducerSequencer _multi = null!;
    private RingBuffer<long> _ring = null!;
    private Sequence _singleConsumer = null!;
    private Sequence _multiConsumer = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ring = new RingBuffer<long>(RingSize);
        _single = new SingleProducerSequencer(RingSize, new BusySpinWaitStrategy());
        _singleConsumer = new Sequence();
        _single.AddGatingSequences(_singleConsumer);
        _multi = new MultiProducerSequencer(RingSize, new BusySpinWaitStrategy());
        _multiConsumer = new Sequence();
        _multi.AddGatingSequences(_multiConsumer);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Operations)]
    public long SingleProducer_ClaimWritePublish()
    {
        long sequence = 0;
        for (int i = 0; i < Operations; i++)
        {
            sequence = _single.Next();
            _ring[sequence] = i;
            _single.Publish(sequence);
        }

        _singleConsumer.Value = sequence;
        return sequence;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long SingleProducer_ClaimBatchOf16()
    {
        long high = 0;
        for (int i = 0; i < Operations; i += 16)
        {
            high = _single.Next(16);
            for (long s = high - 15; s <= high; s++)
            {
                _ring[s] = s;
            }

            _single.Publish(high - 15, high);
        }

        _singleConsumer.Value = high;
        return high;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long MultiProducer_ClaimWritePublish()
    {
        long sequence = 0;
        for (int i = 0; i < Operations; i++)
        {
            sequence = _multi.Next();
            _ring[sequence] = i;
            _multi.Publish(sequence);
        }

        _multiConsumer.Value = sequence;
        return sequence;
    }

    [Benchmark(OperationsPerInvoke = Operations)]
    public long SingleProducer_TryNext()
    {
        long sequence = 0;
        for (int i = 0; i < Operations; i++)
        {
            if (_single.TryNext(out sequence))
            {
                _single.Publish(sequence);
            }
        }

        _singleConsumer.Value = sequence;
        return sequence;
    }
}
