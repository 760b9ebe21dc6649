using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Engine.Journal.Durability;
using Engine.Journal.Format;
using Engine.Journal.Segments;
using Microsoft.Win32.SafeHandles;

namespace Engine.Journal.Writing;

/// <summary>Syncing, rolling to the next preallocated segment, and creating segments atomically (temporary file, rename, directory sync).</summary>
public sealed unsafe partial class JournalWriter
{
    /// <summary>Writes what is staged and makes everything appended to the current segment durable.</summary>
    private void SyncPending()
    {
        Publish();
        if (_position > _syncedPosition)
        {
            FileDurability.DataSync(_file!, _segmentPath);
            _syncedPosition = _position;
        }
    }

    /// <summary>
    /// Moves to the next segment. Order matters for readers and recovery: the records are in the file (and synced,
    /// by the policy) and the new segment is complete and in place before the end marker tells readers to go there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Roll()
    {
        if (_file is null)
        {
            JournalThrow.Disposed();
        }

        if (_policy != FsyncPolicy.None)
        {
            SyncPending();
        }
        else
        {
            Publish();
        }

        string nextPath = CreateSegment(_segmentIndex + 1, _nextSequence);
        SafeFileHandle next = OpenSegment(nextPath);
        if (_mapping is not null)
        {
            Volatile.Write(ref Unsafe.AsRef<int>(_mapping.Address + _position), RecordDescriptor.EndOfSegmentLength);
            _mapping.Dispose();
            _mapping = null;
        }
        else
        {
            Span<byte> marker = stackalloc byte[sizeof(int)];
            BinaryPrimitives.WriteInt32LittleEndian(marker, RecordDescriptor.EndOfSegmentLength);
            RandomAccess.Write(_file, marker, _position);
        }

        if (_policy != FsyncPolicy.None)
        {
            FileDurability.DataSync(_file, _segmentPath);
        }

        _file.Dispose();
        Attach(next, nextPath, _options.SegmentSize, _segmentIndex + 1, SegmentDescriptor.HeaderLength);
    }

    private void Attach(SafeFileHandle file, string path, int segmentLength, long index, int position)
    {
        _file = file;
        _segmentPath = path;
        _segmentIndex = index;
        _position = position;
        _stagedFrom = position;
        _syncedPosition = position;
        _limit = segmentLength - RecordDescriptor.EndOfSegmentReserve;
        if (_commitsThroughMapping)
        {
            try
            {
                _mapping = MappedSegmentFile.Open(path, writable: true);
            }
            catch
            {
                // The writer cannot go on without its segment: close it as Dispose would (nothing is staged).
                file.Dispose();
                _file = null;
                _lock.Dispose();
                _position = 0;
                _limit = 0;
                throw;
            }

            _populatedEnd = position & ~(PageAdvice.PageSize - 1);
            _releasedEnd = _populatedEnd;
        }
    }

    /// <summary>
    /// Opens a segment for appending. Shared like the readers' mappings: readers map the segment being written,
    /// and retention may delete a file someone still has open.
    /// </summary>
    private static SafeFileHandle OpenSegment(string path) =>
        File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

    /// <summary>
    /// Creates a segment as a temporary file (pre-allocated, header written) and renames it into place; returns
    /// its path.
    /// </summary>
    private string CreateSegment(long index, long baseSequence)
    {
        string path = Path.Combine(_directory, SegmentDescriptor.FileName(index));
        string temporary = path + SegmentDescriptor.TemporaryFileExtension;
        var header = new SegmentHeader(
            SegmentDescriptor.CurrentFormatVersion, _options.SchemaId, _options.SchemaVersion, index, baseSequence, _options.SegmentSize);
        Span<byte> bytes = stackalloc byte[SegmentDescriptor.HeaderLength];
        header.Write(bytes);
        var streamOptions = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.Read,
            PreallocationSize = _options.SegmentSize,
        };
        using (var stream = new FileStream(temporary, streamOptions))
        {
            stream.SetLength(_options.SegmentSize);
            stream.Write(bytes);
            if (_policy != FsyncPolicy.None)
            {
                stream.Flush(flushToDisk: true);
            }
        }

        File.Move(temporary, path);
        if (_policy != FsyncPolicy.None)
        {
            FileDurability.SyncDirectory(_directory);
        }

        return path;
    }
}
