using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Engine.Primitives;

/// <summary>
/// Reads what <see cref="SnapshotWriter"/> wrote, in the same order. Any mismatch (a section out of place, an
/// element size that differs from this build's, a truncated stream) throws <see cref="SnapshotFormatException"/>
/// naming what was expected; recovery then falls back to replaying the journal from the start.
/// </summary>
public sealed class SnapshotReader(Stream stream)
{
    private readonly byte[] _scratch = new byte[16];

    public void ExpectSection(string name)
    {
        long tag = ReadInt64();
        if (tag != SnapshotWriter.SectionTag(name))
        {
            throw new SnapshotFormatException($"snapshot: expected section '{name}' at byte {stream.Position - 8}");
        }
    }

    public long ReadInt64()
    {
        Fill(8);
        return BinaryPrimitives.ReadInt64LittleEndian(_scratch);
    }

    public int ReadInt32()
    {
        Fill(4);
        return BinaryPrimitives.ReadInt32LittleEndian(_scratch);
    }

    public bool ReadBoolean()
    {
        Fill(1);
        return _scratch[0] != 0;
    }

    /// <summary>Reads an array written by <see cref="SnapshotWriter.WriteArray{T}"/> into a new array of at least <paramref name="minimumLength"/> items.</summary>
    public T[] ReadArray<T>(int minimumLength = 0)
        where T : unmanaged
    {
        int count = ReadArrayHeader<T>();
        var items = new T[Math.Max(count, minimumLength)];
        ReadArrayItems(items.AsSpan(0, count));
        return items;
    }

    /// <summary>
    /// Reads an array's count (checking its item size), for reading the items in parts with
    /// <see cref="ReadArrayItems{T}"/> (a table stored in chunks).
    /// </summary>
    public int ReadArrayHeader<T>()
        where T : unmanaged
    {
        int count = ReadInt32();
        int size = ReadInt32();
        int expected = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (size != expected || count < 0 || count > 1 << 28)
        {
            throw new SnapshotFormatException($"snapshot: {typeof(T).Name}[{count}] has {size}-byte items, this build's are {expected} bytes");
        }

        return count;
    }

    public void ReadArrayItems<T>(Span<T> items)
        where T : unmanaged
    {
        try
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(items));
        }
        catch (EndOfStreamException e)
        {
            throw new SnapshotFormatException($"snapshot: truncated in a {typeof(T).Name} array", e);
        }
    }

    /// <summary>Reads an array that must have exactly as many items as <paramref name="destination"/>.</summary>
    public void ReadInto<T>(Span<T> destination)
        where T : unmanaged
    {
        T[] items = ReadArray<T>();
        if (items.Length != destination.Length)
        {
            throw new SnapshotFormatException($"snapshot: {typeof(T).Name} has {items.Length} items, this configuration has {destination.Length}");
        }

        items.CopyTo(destination);
    }

    public T ReadValue<T>()
        where T : unmanaged
    {
        T[] items = ReadArray<T>();
        return items.Length == 1 ? items[0] : throw new SnapshotFormatException($"snapshot: expected one {typeof(T).Name}, found {items.Length}");
    }

    private void Fill(int count)
    {
        try
        {
            stream.ReadExactly(_scratch, 0, count);
        }
        catch (EndOfStreamException e)
        {
            throw new SnapshotFormatException("snapshot: truncated", e);
        }
    }
}
