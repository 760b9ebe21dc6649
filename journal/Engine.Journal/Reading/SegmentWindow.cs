using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Engine.Journal.Reading;

/// <summary>
/// The stretch of a plain segment a one-pass reader is working through, copied from the file (<c>pread</c>) into a
/// pinned buffer small enough to stay in the L2 cache.
/// <para>
/// Why not read through the mapping: a pass over a journal through a fresh mapping takes a page fault every few
/// pages, and how fast the mapped bytes then read depends on how the page cache happens to hold them. Pages a
/// buffered write (the writer's <c>pwrite</c>) left behind are small folios, mapped 4 KiB at a time; pages that
/// readahead brought in are large folios. Measured on the 2-core EPYC VM (kernel 6.18, ext4): reading 3.5 M
/// records through the mapping ran at 12-16 M records/s on a journal just written and 23 M/s on the same bytes
/// after a cache drop. The kernel's copy goes through its own large-page direct map, and the checksum and the
/// decoder then read the copy from the L2 cache, whatever the page cache looks like.
/// </para>
/// <para>
/// Positions stay file offsets: <see cref="Base"/> is where offset 0 would be, so <c>Base + offset</c> addresses
/// the byte at <c>offset</c> for every offset from the window's start (where it was last reset or filled) up to
/// <see cref="End"/>. Owned by the reader's thread.
/// </para>
/// </summary>
internal sealed unsafe class SegmentWindow
{
    /// <summary>Bytes copied per refill: a few thousand usual records per system call, and L2-sized.</summary>
    internal const int Capacity = 256 * 1024;

    // On the pinned object heap: it never moves, so an address taken from it stays valid while the window lives.
    private readonly byte[] _buffer = GC.AllocateArray<byte>(Capacity, pinned: true);

    /// <summary>The address file offset 0 would have; only the window's stretch of the file is behind it.</summary>
    public byte* Base { get; private set; }

    public int End { get; private set; }

    /// <summary>Empties the window at <paramref name="offset"/> (the next <see cref="Fill"/> starts there).</summary>
    public void Reset(int offset)
    {
        End = offset;
        Base = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer)) - offset;
    }

    /// <summary>
    /// Copies file bytes [offset, min(offset + Capacity, segmentLength)) into the window. Returns how far the file
    /// actually reached: less than asked only when the file is shorter than the segment length it was opened with.
    /// </summary>
    public int Fill(SafeFileHandle file, int offset, int segmentLength)
    {
        Reset(offset);
        int wanted = Math.Min(Capacity, segmentLength - offset);
        Span<byte> target = _buffer.AsSpan(0, wanted);
        int copied = 0;
        while (copied < wanted)
        {
            int read = RandomAccess.Read(file, target[copied..], offset + copied);
            if (read == 0)
            {
                break;
            }

            copied += read;
        }

        End = offset + copied;
        return End;
    }
}
