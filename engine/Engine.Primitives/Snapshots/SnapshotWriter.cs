using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Engine.Primitives;

/// <summary>
/// Writes a component's state into a snapshot: little-endian scalars, and arrays of unmanaged structs copied as
/// their bytes (fast, and exact; a layout change between builds is caught when the restored state's StateHash is
/// compared with the one recorded in the snapshot). Each component starts with <see cref="BeginSection"/>, so a
/// reader that drifts fails at the next section with its name. Not thread-safe; used on the BLP thread.
/// </summary>
public sealed class SnapshotWriter(Stream stream)
{
    private readonly byte[] _scratch = new byte[16];

    public void BeginSection(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        WriteInt64(SectionTag(name));
    }

    public void WriteInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_scratch, value);
        stream.Write(_scratch, 0, 8);
    }

    public void WriteInt32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_scratch, value);
        stream.Write(_scratch, 0, 4);
    }

    public void WriteBoolean(bool value) => stream.WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>A count, then the items' bytes.</summary>
    public void WriteArray<T>(ReadOnlySpan<T> items)
        where T : unmanaged
    {
        WriteArrayHeader<T>(items.Length);
        WriteArrayItems(items);
    }

    /// <summary>
    /// The start of an array written in parts (a table stored in chunks): <see cref="WriteArrayItems{T}"/> must
    /// follow with <paramref name="count"/> items in all. The bytes are those of <see cref="WriteArray{T}"/>.
    /// </summary>
    public void WriteArrayHeader<T>(int count)
        where T : unmanaged
    {
        WriteInt32(count);
        WriteInt32(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
    }

    public void WriteArrayItems<T>(ReadOnlySpan<T> items)
        where T : unmanaged =>
        stream.Write(MemoryMarshal.AsBytes(items));

    public void WriteValue<T>(in T value)
        where T : unmanaged =>
        WriteArray(new ReadOnlySpan<T>(in value));

    /// <summary>A stable 64-bit tag of a section name (FNV-1a), so sections are checked without strings in the file.</summary>
    internal static long SectionTag(string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return unchecked((long)hash);
    }
}
