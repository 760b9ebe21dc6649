using Engine.Core;

namespace Engine.Host;

/// <summary>
/// Replays a journal through a fresh <see cref="EngineKernel"/>: every record, in sequence order, through the same
/// apply step the live engine used (so its StateHash checkpoints are verified too). Used by `engine journal replay`,
/// the demo's final check and the tests; recovery at start-up is <see cref="EngineKernel.Recover"/>. Outputs go to the
/// given sink (a counter: replay regenerates them, nobody needs them). A replay writes no snapshot.
/// </summary>
public static class JournalReplayer
{
    /// <summary>The outcome: records applied, the last sequence, and the processor holding the rebuilt state.</summary>
    public sealed record Result(BusinessLogicProcessor Processor, long Records, long LastSequence, ulong StateHash)
    {
        /// <summary>Checkpoints the journal held that the replay reproduced.</summary>
        public long CheckpointsVerified { get; init; }
    }

    /// <summary>Replays with the configuration the journal was written with (its checkpoint interval included).</summary>
    public static Result Replay(string journalDirectory, EngineConfig recorded, IEngineOutput output)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        return Replay(journalDirectory, recorded.CreateCoreSettings(), output, recorded.CheckpointInterval);
    }

    public static Result Replay(string journalDirectory, CoreSettings settings, IEngineOutput output, long checkpointInterval = KernelOptions.DefaultCheckpointInterval)
    {
        var kernel = new EngineKernel(settings, output, new KernelOptions { CheckpointInterval = checkpointInterval });
        long records = kernel.ReplayDirectory(journalDirectory, 1, out _);
        return new Result(kernel.Processor, records, kernel.Processor.Sequence, kernel.Processor.StateHash()) { CheckpointsVerified = kernel.CheckpointsVerified };
    }

    /// <summary>An output that only counts (replay regenerates outputs; nobody needs them).</summary>
    public sealed class CountingOutput : IEngineOutput
    {
        public long Count { get; private set; }

        public void Publish(int templateId, ReadOnlySpan<byte> message) => Count++;
    }
}
