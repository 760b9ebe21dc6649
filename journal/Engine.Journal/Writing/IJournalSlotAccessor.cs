namespace Engine.Journal.Writing;

/// <summary>
/// How the journaller stage reads a ring slot, without the journal knowing the slot type: implemented by a
/// struct next to the slot (static abstract members, so the calls are resolved at JIT time, never virtual).
/// </summary>
public interface IJournalSlotAccessor<TSlot>
{
    static abstract int TemplateId(ref TSlot slot);

    static abstract long ExchangeTime(ref TSlot slot);

    static abstract long EngineTime(ref TSlot slot);

    /// <summary>The SBE message in the slot (a view into the slot; the journal copies it).</summary>
    static abstract ReadOnlySpan<byte> Payload(ref TSlot slot);
}
