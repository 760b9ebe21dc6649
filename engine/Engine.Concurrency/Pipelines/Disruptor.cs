using System.Diagnostics;
using Engine.Concurrency.Processors;
using Engine.Concurrency.Rings;
using Engine.Concurrency.Sequencing;
using Engine.Concurrency.WaitStrategies;

namespace Engine.Concurrency.Pipelines;

/// <summary>
/// A ring with its stages wired in one place: the stage graph is declared in code that reads like the pipeline,
/// each stage runs a <see cref="BatchEventProcessor{T, THandler}"/> on a named thread of its own, and the
/// producers are gated on the last stages. Lifecycle: build, <see cref="Start"/>, publish, <see cref="Halt"/>
/// (drains first); a failing stage stops the whole pipeline and <see cref="Join"/> or <see cref="Halt"/> throw
/// <see cref="PipelineFaultException"/> with the stage, the sequence and the exception.
/// </summary>
/// <remarks>
/// Thread ownership: the building, <see cref="Start"/>, <see cref="Halt"/> and <see cref="Join"/> belong to one
/// host thread. Producers use <see cref="Sequencer"/> and <see cref="RingBuffer"/> from their own threads
/// (one thread only with <see cref="ProducerType.Single"/>). <see cref="Fault"/> may be read from any thread.
/// </remarks>
/// <example>
/// LMAX's input ring: the journaller and the replicator in parallel, then the business logic after both.
/// <code>
/// var disruptor = new Disruptor&lt;InboundSlot&gt;(1024, ProducerType.Multi, new YieldingWaitStrategy());
/// disruptor.HandleEventsWith(journaller, replicator).Then(blp);
/// disruptor.Start();
/// long sequence = disruptor.Sequencer.Next();       // claim
/// ref InboundSlot slot = ref disruptor.RingBuffer[sequence];
/// slot.Length = frame.Length;                        // write in place
/// disruptor.Sequencer.Publish(sequence);             // publish
/// disruptor.Halt();                                  // drain, stop, throw if a stage failed
/// </code>
/// </example>
public sealed class Disruptor<T> : IDisposable
    where T : struct
{
    private readonly List<IEventProcessor> _processors = [];
    private readonly List<Thread> _threads = [];
    private volatile ProcessorFault? _fault;
    private int _state;

    private const int NotStarted = 0;
    private const int Started = 1;
    private const int Stopped = 2;

    /// <summary>A pipeline over a new ring of <paramref name="ringSize"/> slots with the sequencer for <paramref name="producerType"/>.</summary>
    public Disruptor(int ringSize, ProducerType producerType, IWaitStrategy waitStrategy, SlotInitializer<T>? initializer = null)
        : this(
            new RingBuffer<T>(ringSize, initializer),
            producerType == ProducerType.Single
                ? new SingleProducerSequencer(ringSize, waitStrategy)
                : new MultiProducerSequencer(ringSize, waitStrategy))
    {
    }

    /// <summary>
    /// A pipeline over a ring and a sequencer the caller built, so the producer can keep the concrete (sealed)
    /// sequencer type and get non-virtual claims and publishes.
    /// </summary>
    public Disruptor(RingBuffer<T> ringBuffer, Sequencer sequencer)
    {
        ArgumentNullException.ThrowIfNull(ringBuffer);
        ArgumentNullException.ThrowIfNull(sequencer);
        if (ringBuffer.Size != sequencer.BufferSize)
        {
            throw new ArgumentException($"the ring has {ringBuffer.Size} slots but the sequencer {sequencer.BufferSize}", nameof(sequencer));
        }

        RingBuffer = ringBuffer;
        Sequencer = sequencer;
    }

    public RingBuffer<T> RingBuffer { get; }

    public Sequencer Sequencer { get; }

    /// <summary>Every stage's processor, in registration order.</summary>
    public IReadOnlyList<IEventProcessor> Processors => _processors;

    /// <summary>The first stage failure, or null. Set from the failing stage's thread.</summary>
    public ProcessorFault? Fault => _fault;

    /// <summary>Adds a first stage (it follows the producers' cursor).</summary>
    public EventHandlerGroup<T> HandleEventsWith<THandler>(THandler handler)
        where THandler : IEventHandler<T> =>
        new(this, [AddStage(handler, [])]);

    /// <summary>Adds two first stages that run in parallel.</summary>
    public EventHandlerGroup<T> HandleEventsWith<THandler1, THandler2>(THandler1 first, THandler2 second)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T> =>
        new(this, [AddStage(first, []), AddStage(second, [])]);

    /// <summary>Adds three first stages that run in parallel.</summary>
    public EventHandlerGroup<T> HandleEventsWith<THandler1, THandler2, THandler3>(THandler1 first, THandler2 second, THandler3 third)
        where THandler1 : IEventHandler<T>
        where THandler2 : IEventHandler<T>
        where THandler3 : IEventHandler<T> =>
        new(this, [AddStage(first, []), AddStage(second, []), AddStage(third, [])]);

    /// <summary>Starts one named background thread per stage. A pipeline starts once.</summary>
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, Started, NotStarted) != NotStarted)
        {
            throw new InvalidOperationException("the pipeline was already started: a pipeline starts once");
        }

        foreach (IEventProcessor processor in _processors)
        {
            var thread = new Thread(processor.Run) { Name = processor.Name, IsBackground = true };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>
    /// Halts with drain: waits until every stage has processed everything claimed before the call (producers must
    /// have stopped publishing), then stops every stage and waits for its thread. Throws
    /// <see cref="PipelineFaultException"/> when a stage failed, and <see cref="TimeoutException"/> when the drain
    /// takes longer than <paramref name="timeout"/> (a claimed slot never published, a stuck handler).
    /// </summary>
    public void Halt(TimeSpan timeout)
    {
        if (Interlocked.CompareExchange(ref _state, Stopped, Started) != Started)
        {
            ThrowIfFaulted();
            return;
        }

        long target = Sequencer.Cursor;
        long started = Stopwatch.GetTimestamp();
        var spinner = default(SpinWait);
        while (_fault is null && _processors.Count > 0 && Sequencer.MinimumGatingSequence() < target)
        {
            if (Stopwatch.GetElapsedTime(started) > timeout)
            {
                throw new TimeoutException(
                    $"halt: the stages reached sequence {Sequencer.MinimumGatingSequence()} of {target} within {timeout}");
            }

            spinner.SpinOnce();
        }

        StopAll();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }

        ThrowIfFaulted();
    }

    /// <summary>Halts with drain, waiting at most 30 seconds.</summary>
    public void Halt() => Halt(TimeSpan.FromSeconds(30));

    /// <summary>
    /// Waits until every stage's thread has ended (after <see cref="Halt"/> or a failure); returns false on timeout.
    /// Throws <see cref="PipelineFaultException"/> when a stage failed.
    /// </summary>
    public bool Join(TimeSpan timeout)
    {
        long started = Stopwatch.GetTimestamp();
        foreach (Thread thread in _threads)
        {
            TimeSpan left = timeout - Stopwatch.GetElapsedTime(started);
            if (!thread.Join(left < TimeSpan.Zero ? TimeSpan.Zero : left))
            {
                return false;
            }
        }

        ThrowIfFaulted();
        return true;
    }

    /// <summary>Stops the stages without draining or throwing (for cleanup paths); use <see cref="Halt()"/> normally.</summary>
    public void Dispose()
    {
        Interlocked.Exchange(ref _state, Stopped);
        StopAll();
        foreach (Thread thread in _threads)
        {
            thread.Join();
        }
    }

    internal IEventProcessor AddStage<THandler>(THandler handler, Sequence[] dependencies)
        where THandler : IEventHandler<T>
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (Volatile.Read(ref _state) != NotStarted)
        {
            throw new InvalidOperationException("stages must be added before the pipeline starts");
        }

        SequenceBarrier barrier = Sequencer.NewBarrier(dependencies);
        var processor = new BatchEventProcessor<T, THandler>(RingBuffer, barrier, handler, OnStageFault);
        _processors.Add(processor);

        // The producers wait for the last stages only: the new stage replaces the stages it runs after.
        Sequencer.AddGatingSequences(processor.Sequence);
        foreach (Sequence dependency in dependencies)
        {
            Sequencer.RemoveGatingSequence(dependency);
        }

        return processor;
    }

    // Runs on the failing stage's thread: record the first fault, then stop everything (no drain: a stage is dead).
    private void OnStageFault(ProcessorFault fault)
    {
        Interlocked.CompareExchange(ref _fault, fault, null);
        StopAll();
    }

    private void StopAll()
    {
        Sequencer.Halt();
        foreach (IEventProcessor processor in _processors)
        {
            processor.Halt();
        }
    }

    private void ThrowIfFaulted()
    {
        ProcessorFault? fault = _fault;
        if (fault is not null)
        {
            throw new PipelineFaultException(fault);
        }
    }
}
