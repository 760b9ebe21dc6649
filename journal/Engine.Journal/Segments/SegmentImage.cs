using System.Runtime.InteropServices;
using Engine.Journal.Format;

namespace Engine.Journal.Segments;

/// <summary>
/// The bytes of one segment as a reader sees them: the mapped file for a plain segment, a decompressed pinned
/// buffer for an archived one. Owned by the reader thread that opened it.
/// </summary>
internal sealed unsafe class SegmentImage : IDisposable
{
    private readonly MappedSegmentFile? _mapped;
    private readonly GCHandle _pin;

    private SegmentImage(SegmentFile file, MappedSegmentFile mapped)
    {
        File = file;
        _mapped = mapped;
        Address = mapped.Address;
        Length = mapped.Length;
        Header = SegmentHeader.Read(new ReadOnlySpan<byte>(Address, Length), file.Path, Length);
    }

    private SegmentImage(SegmentFile file, byte[] buffer, int length)
    {
        File = file;
        _pin = GCHandle.Alloc(buffer, GCHandleType.Pinned);
        Address = (byte*)_pin.AddrOfPinnedObject();
        Length = length;
        Header = SegmentHeader.Read(new ReadOnlySpan<byte>(Address, Length), file.Path, -1);
    }

    public SegmentFile File { get; }

    public SegmentHeader Header { get; }

    public byte* Address { get; private set; }

    /// <summary>Readable bytes: the whole file for a plain segment, content plus a zero word for an archive.</summary>
    public int Length { get; }

    public MappedSegmentFile? Mapped => _mapped;

    public static SegmentImage Open(SegmentFile file, bool writable = false)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (file.Compressed)
        {
            if (writable)
            {
                throw new JournalFormatException($"{file.Path}: an archived segment cannot be opened for writing");
            }

            byte[] buffer = SegmentCompression.Decompress(file.Path, out int length);
            return new SegmentImage(file, buffer, length);
        }

        MappedSegmentFile mapped = MappedSegmentFile.Open(file.Path, writable);
        try
        {
            return new SegmentImage(file, mapped);
        }
        catch
        {
            mapped.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Address = null;
        _mapped?.Dispose();
        if (_pin.IsAllocated)
        {
            _pin.Free();
        }
    }
}
