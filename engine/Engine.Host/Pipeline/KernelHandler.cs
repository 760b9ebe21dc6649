using Engine.Concurrency.Processors;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// Stage 2 of the inbound ring: hands each journaled input to the kernel's <see cref="EngineKernel.Apply"/> (the BLP,
/// snapshots on request, checkpoints), and records journaled → applied and, for an input that published, BLP → egress
/// (<see cref="PipelineLatencies"/>), two clock reads per input. Journal sequence = ring sequence + the
/// offset the ring started at. Owned by the BLP thread.
/// </summary>
public sealed class KernelHandler(EngineKernel kernel, long sequenceOffset, PipelineLatencies latencies) : IEventHandler<InputSlot>
{
    private long _lastSequence;

    public string Name => "blp";

    /// <summary>The journal sequence of the last input applied (readable from any thread, for progress).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    public void OnEvent(ref InputSlot slot, long sequence, bool endOfBatch)
    {
        long journalSequence = sequence + sequenceOffset;
        long started = MonotonicClock.WallNanos();
        latencies.OutputsOfInput = 0;
        kernel.Apply(journalSequence, slot.EngineTime, slot.Message);
        long applied = MonotonicClock.WallNanos();
        latencies.JournaledToApplied.Record(applied - slot.JournaledTime);
        if (latencies.OutputsOfInput > 0)
        {
            latencies.BlpToEgress.Record(applied - started);
        }

        Volatile.Write(ref _lastSequence, journalSequence);
    }
}
