using System.Runtime.CompilerServices;

namespace Engine.Transport.Memory;

/// <summary>
/// A view over a fixed region of (usually shared) memory with the memory-ordering operations the transport
/// needs: plain, volatile (acquire) and ordered (release) reads and writes, and atomic compare-and-set and add.
/// The region outlives the view: it belongs to a <see cref="TransportFile"/>, which unmaps it only on dispose.
/// Offsets passed here are trusted; every length read from shared memory is validated by the caller before use.
/// </summary>
public readonly unsafe struct AtomicBuffer
{
    private readonly byte* _address;

    public AtomicBuffer(byte* address, int capacity)
    {
        _address = address;
        Capacity = capacity;
    }

    public int Capacity { get; }

    public byte* Address => _address;

    public AtomicBuffer Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Capacity || (uint)length > (uint)(Capacity - offset))
        {
            TransportThrow.OutOfRange(offset, length, Capacity);
        }

        return new AtomicBuffer(_address + offset, length);
    }

    public Span<byte> AsSpan(int offset, int length)
    {
        if ((uint)offset > (uint)Capacity || (uint)length > (uint)(Capacity - offset))
        {
            TransportThrow.OutOfRange(offset, length, Capacity);
        }

        return new Span<byte>(_address + offset, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetInt32(int offset) => Unsafe.ReadUnaligned<int>(_address + offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PutInt32(int offset, int value) => Unsafe.WriteUnaligned(_address + offset, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetInt64(int offset) => Unsafe.ReadUnaligned<long>(_address + offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PutInt64(int offset, long value) => Unsafe.WriteUnaligned(_address + offset, value);

    /// <summary>Acquire read: later reads cannot move before it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int GetInt32Volatile(int offset) => Volatile.Read(ref *(int*)(_address + offset));

    /// <summary>Release write: earlier writes cannot move after it (the "ordered" store of Agrona).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PutInt32Ordered(int offset, int value) => Volatile.Write(ref *(int*)(_address + offset), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetInt64Volatile(int offset) => Volatile.Read(ref *(long*)(_address + offset));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PutInt64Ordered(int offset, long value) => Volatile.Write(ref *(long*)(_address + offset), value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSetInt64(int offset, long expected, long update) =>
        Interlocked.CompareExchange(ref *(long*)(_address + offset), update, expected) == expected;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool CompareAndSetInt32(int offset, int expected, int update) =>
        Interlocked.CompareExchange(ref *(int*)(_address + offset), update, expected) == expected;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long GetAndAddInt64(int offset, long delta) => Interlocked.Add(ref *(long*)(_address + offset), delta) - delta;

    public void SetMemory(int offset, int length, byte value) => new Span<byte>(_address + offset, length).Fill(value);
}
