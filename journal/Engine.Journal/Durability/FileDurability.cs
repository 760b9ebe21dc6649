using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Engine.Journal.Durability;

/// <summary>
/// The system calls durability needs and .NET does not expose: <c>fdatasync</c> of a segment the writer appends
/// to (<see cref="RandomAccess.FlushToDisk"/> is a full <c>fsync</c>, which also writes the inode for every
/// mtime change), <c>msync(MS_SYNC)</c> of a range of a mapped segment (recovery's repairs) and <c>fsync</c> of a
/// directory, so a newly renamed segment file survives a power loss.
/// Linux only; elsewhere callers fall back to <see cref="RandomAccess.FlushToDisk"/> and
/// <see cref="System.IO.MemoryMappedFiles.MemoryMappedViewAccessor.Flush"/>.
/// </summary>
internal static unsafe partial class FileDurability
{
    private const int MsSync = 4;
    private const int ReadOnly = 0;

    private static readonly long s_pageSize = Environment.SystemPageSize;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Writes the mapped range [address, address + length) to stable storage; throws on failure.</summary>
    public static void SyncRange(byte* mappingStart, long offset, long length, string file)
    {
        long start = offset & ~(s_pageSize - 1);
        long end = offset + length;
        if (msync(mappingStart + start, (nuint)(end - start), MsSync) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{file}: msync of bytes [{start}, {end}) failed with errno {errno}");
        }
    }

    /// <summary>
    /// Writes the file's data (and the metadata needed to read it back, such as allocated extents) to stable
    /// storage; throws on failure. The writer's file holds nothing dirty but the records appended since the last
    /// sync, so this costs what a range sync would.
    /// </summary>
    public static void DataSync(SafeFileHandle handle, string file)
    {
        if (!IsSupported)
        {
            RandomAccess.FlushToDisk(handle);
            return;
        }

        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            if (fdatasync((int)handle.DangerousGetHandle()) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                throw new IOException($"{file}: fdatasync failed with errno {errno}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Makes a directory entry (a new or renamed file) durable.</summary>
    public static void SyncDirectory(string directory)
    {
        if (!IsSupported)
        {
            return;
        }

        int fd = open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"{directory}: cannot open the directory to fsync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (fsync(fd) != 0)
            {
                throw new IOException($"{directory}: fsync of the directory failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = close(fd);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int msync(byte* address, nuint length, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fdatasync(int fd);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
