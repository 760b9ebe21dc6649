using System.IO.MemoryMappedFiles;
using Engine.Journal.Durability;
using Microsoft.Win32.SafeHandles;

namespace Engine.Journal.Segments;

/// <summary>
/// One segment file mapped into memory: read-only for readers and tailers, read-write for recovery's repairs of
/// the tail and for the writer's small commits under fsync none (which are never synced). Owned by one thread (the
/// one that opened it); the pointer stays valid until <see cref="Dispose"/>.
/// Closing does not sync: whoever changes mapped bytes makes them durable with <see cref="Sync"/>.
/// </summary>
internal sealed unsafe class MappedSegmentFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private byte* _address;

    private MappedSegmentFile(string path, FileStream stream, MemoryMappedFile file, MemoryMappedViewAccessor view, int length, bool writable)
    {
        Path = path;
        _stream = stream;
        _file = file;
        _view = view;
        Length = length;
        Writable = writable;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _address = pointer + view.PointerOffset;
    }

    public string Path { get; }

    public int Length { get; }

    public bool Writable { get; }

    public byte* Address => _address;

    /// <summary>The open file behind the mapping, for reads that copy instead of touching the mapping.</summary>
    public SafeFileHandle Handle => _stream.SafeFileHandle;

    public Span<byte> AsSpan() => new(_address, Length);

    public static MappedSegmentFile Open(string path, bool writable)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException($"{path}: segment file not found", path);
        }

        long length = info.Length;
        if (length < Format.SegmentDescriptor.HeaderLength || length > Format.SegmentDescriptor.MaxSegmentSize)
        {
            throw new Format.JournalFormatException($"{path}: not a journal segment (file is {length} bytes)");
        }

        MemoryMappedFileAccess access = writable ? MemoryMappedFileAccess.ReadWrite : MemoryMappedFileAccess.Read;
        // FileShare.ReadWrite | Delete: readers map a segment the writer is appending to, and retention may
        // delete a closed segment a reader still has mapped (the mapping stays valid until unmapped).
        var stream = new FileStream(
            path,
            FileMode.Open,
            writable ? FileAccess.ReadWrite : FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete);
        MemoryMappedFile? file = null;
        try
        {
            file = MemoryMappedFile.CreateFromFile(stream, null, 0, access, HandleInheritability.None, leaveOpen: false);
            MemoryMappedViewAccessor view = file.CreateViewAccessor(0, length, access);
            return new MappedSegmentFile(path, stream, file, view, (int)length, writable);
        }
        catch
        {
            file?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Makes bytes [offset, offset + length) durable.</summary>
    public void Sync(int offset, int length)
    {
        if (length <= 0)
        {
            return;
        }

        if (FileDurability.IsSupported)
        {
            FileDurability.SyncRange(_address, offset, length, Path);
        }
        else
        {
            _view.Flush();
        }
    }

    public void Dispose()
    {
        if (_address != null)
        {
            _address = null;
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
        }

        // Unmap before disposing the accessor: MemoryMappedViewAccessor.Dispose flushes a view that is still open,
        // an msync(MS_SYNC) of the whole mapping, which for a writable 64 MiB segment wrote every dirty page to disk
        // synchronously whatever the fsync policy. Every change that must be durable was synced explicitly already.
        _view.SafeMemoryMappedViewHandle.Dispose();
        _view.Dispose();
        _file.Dispose();
    }
}
