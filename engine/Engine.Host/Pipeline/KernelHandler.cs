using Engine.Concurrency.Processors;
using Engine.Transport;

namespace Engine.Host;

/// <summary>
/// Stage 2 of the inbound ring: hands each journaled input to the kernel's <see cref="EngineKernel.Apply"/> (the BLP,
/// snapshots on request, checkpoints), and records journaled → applied and, for an input that published, BLP → egress
/// (<see cref="PipelineLatencies"/>), two clock reads per input. Journal sequence = ring sequence + the
/// offset the ring started at. In paper mode it shows the paper venues each input (<see cref="PaperVenues"/>: engine time
/// advanced before it is applied, its market data after), so their books are the BLP's. Owned by the BLP thread.
/// </summary>
public sealed class KernelHandler(EngineKernel kernel, long sequenceOffset, PipelineLatencies latencies, PaperVenues? paper = null) : IEventHandler<InputSlot>
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
        paper?.BeforeInput(slot.EngineTime);
        kernel.Apply(journalSequence, slot.EngineTime, slot.Message);
        paper?.AfterInput(slot.TemplateId, slot.EngineTime, slot.Message);
        long applied = MonotonicClock.WallNanos();
        latencies.JournaledToApplied.Record(applied - slot.JournaledTime);
        if (latencies.OutputsOfInput > 0)
        {
            latencies.BlpToEgress.Record(applied - started);
        }

        Volatile.Write(ref _lastSequence, journalSequence);
    }
}
