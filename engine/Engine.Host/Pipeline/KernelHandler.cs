using Engine.Concurrency.Processors;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// Stage 2 of the inbound ring: hands each journaled input to the kernel's <see cref="EngineKernel.Apply"/> (the BLP,
/// snapshots on request, checkpoints), and records journaled → applied (<see cref="PipelineLatencies"/>); it marks
/// when the BLP began each input, for the egress publisher's BLP → egress. Journal sequence = ring sequence + the
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
        latencies.InputStartedAt = MonotonicClock.WallNanos();
        kernel.Apply(journalSequence, slot.EngineTime, slot.Message);
        latencies.JournaledToApplied.Record(MonotonicClock.WallNanos() - slot.JournaledTime);
        latencies.InputStartedAt = 0;
        Volatile.Write(ref _lastSequence, journalSequence);
    }
}
