using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Engine.Concurrency.Rings;

/// <summary>
/// The ring's storage: a power-of-two array of pre-allocated value-type slots, reached by <c>ref</c> so a producer
/// writes in place and a consumer reads in place (no copy, no allocation after construction). Sequences map to
/// slots by masking; who may touch which slot when is the sequencer's business, not the ring's.
/// </summary>
/// <remarks>
/// Thread ownership: a slot belongs to the producer between its claim and its publish, then to the consumers until
/// the last gating consumer passes it. The array is padded with <see cref="PaddingSlots"/> unused slots at each end
/// so the first and last slots share no cache line with whatever the heap puts next to the array.
/// </remarks>
public sealed class RingBuffer<T>
    where T : struct
{
    private readonly T[] _slots;
    private readonly long _mask;

    public RingBuffer(int size, SlotInitializer<T>? initializer = null)
    {
        if (size < 1 || !int.IsPow2(size))
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, "the ring size must be a positive power of two");
        }

        Size = size;
        _mask = size - 1;
        _slots = new T[size + (2 * PaddingSlots)];
        if (initializer is not null)
        {
            for (int i = 0; i < size; i++)
            {
                initializer(ref _slots[PaddingSlots + i], i);
            }
        }
    }

    /// <summary>Unused slots before and after the ring: enough to cover <see cref="CacheLine.PaddingSize"/> bytes.</summary>
    public static int PaddingSlots
    {
        // Unsafe.SizeOf<T> is a constant for a value type, so this folds to a constant in the indexer.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => (CacheLine.PaddingSize + Unsafe.SizeOf<T>() - 1) / Unsafe.SizeOf<T>();
    }

    /// <summary>Slots in the ring (a power of two).</summary>
    public int Size { get; }

    /// <summary>The slot of <paramref name="sequence"/>: <c>sequence mod Size</c>, reached without a bounds check.</summary>
    public ref T this[long sequence]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_slots), PaddingSlots + (nint)(sequence & _mask));
    }

    /// <summary>The whole backing array including padding, for the layout test only.</summary>
    internal T[] Slots => _slots;
}
