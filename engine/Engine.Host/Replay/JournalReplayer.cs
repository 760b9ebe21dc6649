using Engine.Core;
using Engine.Journal.Reading;

namespace Engine.Host;

/// <summary>
/// Replays a journal through a BLP: every record, in sequence order, exactly as the live engine applied it. Used by
/// recovery at start-up, by `engine journal replay` and by the demo's final check. Outputs go to the given sink (a
/// counter for replay; muted during recovery).
/// </summary>
public static class JournalReplayer
{
    /// <summary>The outcome: records applied, the last sequence, and the processor holding the rebuilt state.</summary>
    public sealed record Result(BusinessLogicProcessor Processor, long Records, long LastSequence, ulong StateHash);

    public static Result Replay(string journalDirectory, CoreSettings settings, IEngineOutput output)
    {
        var processor = new BusinessLogicProcessor(settings, output);
        long records = Apply(journalDirectory, processor);
        return new Result(processor, records, processor.Sequence, processor.StateHash());
    }

    /// <summary>Applies every record of the journal to <paramref name="processor"/>; returns how many.</summary>
    public static long Apply(string journalDirectory, BusinessLogicProcessor processor) => ApplyFrom(journalDirectory, processor, 1);

    /// <summary>Applies the records from sequence <paramref name="first"/> on (the tail after a snapshot); returns how many.</summary>
    public static long ApplyFrom(string journalDirectory, BusinessLogicProcessor processor, long first)
    {
        ArgumentNullException.ThrowIfNull(processor);
        using JournalReader reader = JournalReader.Open(journalDirectory);
        if (first > 1 && !reader.Seek(first))
        {
            return 0;
        }

        long records = 0;
        while (reader.TryRead(out JournalRecord record))
        {
            processor.Process(record.Sequence, record.ReceiveTime, record.Payload);
            records++;
        }

        return records;
    }

    /// <summary>An output that only counts (replay regenerates outputs; nobody needs them).</summary>
    public sealed class CountingOutput : IEngineOutput
    {
        public long Count { get; private set; }

        public void Publish(int templateId, ReadOnlySpan<byte> message) => Count++;
    }
}
