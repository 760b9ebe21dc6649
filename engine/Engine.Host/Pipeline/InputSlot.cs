using System.Runtime.CompilerServices;
using Engine.Journal.Writing;

namespace Engine.Host;

/// <summary>
/// One pre-allocated slot of the inbound ring: an input frame copied from ingress (or made by the engine itself:
/// timer ticks, start-up deposits), with its template id, venue time and the receive time the receiver stamped.
/// The payload lives inline, so the ring is one contiguous array and a slot is reached by <c>ref</c>, never copied.
/// Written by the receiver thread before publish; read by the journaller and the BLP after. <see cref="JournaledTime"/>
/// alone is written by the journaller (after its commit, before it hands the slot on) and read by the BLP.
/// </summary>
public struct InputSlot
{
    /// <summary>The largest input the engine accepts (SBE header included); larger frames are refused at ingress.</summary>
    public const int MaxPayloadLength = Codecs.MessageCatalog.MaxInputLength;

    public int TemplateId;
    public int Length;
    public long ExchangeTime;
    public long EngineTime;

    /// <summary>When the journal commit covering this input returned (wall ns): a host measurement, never journaled.</summary>
    public long JournaledTime;
    public PayloadBytes Payload;

    public ReadOnlySpan<byte> Message => MemoryMarshalSpan()[..Length];

    public Span<byte> Writable => MemoryMarshalSpan();

    private Span<byte> MemoryMarshalSpan() => System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref Payload[0], MaxPayloadLength);

    [InlineArray(MaxPayloadLength)]
    public struct PayloadBytes
    {
        private byte _first;
    }
}

/// <summary>How the journaller reads an <see cref="InputSlot"/> (resolved at JIT time; no virtual calls).</summary>
public readonly struct InputSlotAccessor : IJournalSlotAccessor<InputSlot>
{
    public static int TemplateId(ref InputSlot slot) => slot.TemplateId;

    public static long ExchangeTime(ref InputSlot slot) => slot.ExchangeTime;

    public static long EngineTime(ref InputSlot slot) => slot.EngineTime;

    public static ReadOnlySpan<byte> Payload(ref InputSlot slot) => slot.Message;
}
