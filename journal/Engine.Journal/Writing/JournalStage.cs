namespace Engine.Journal.Writing;

/// <summary>
/// The journaller as a ring stage: the ring's event processor calls <see cref="OnEvent"/> for each slot of a
/// batch, and the stage appends it and commits at the end of the batch (group commit, as in exchange-core).
/// Downstream stages (the business-logic processor) must gate on <see cref="DurableSequence"/>, never on the
/// sequence this stage has merely consumed. Owned by the journaller thread; zero allocation per event.
/// </summary>
public sealed class JournalStage<TSlot, TAccessor>
    where TAccessor : IJournalSlotAccessor<TSlot>
{
    private readonly JournalWriter _writer;

    public JournalStage(JournalWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    public JournalWriter Writer => _writer;

    /// <summary>The highest sequence durable under the writer's fsync policy; readable from any thread.</summary>
    public long DurableSequence => _writer.DurableSequence;

    public void OnEvent(ref TSlot slot, long sequence, bool endOfBatch)
    {
        _writer.Append(
            sequence,
            TAccessor.TemplateId(ref slot),
            TAccessor.ExchangeTime(ref slot),
            TAccessor.EngineTime(ref slot),
            TAccessor.Payload(ref slot));
        if (endOfBatch)
        {
            _writer.Commit();
        }
    }

    /// <summary>After the batch was handed on: the writer's housekeeping, off the input path.</summary>
    public void OnBatchPublished() => _writer.PrepareAhead();
}
