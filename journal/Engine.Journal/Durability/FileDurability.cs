using System.Runtime.InteropServices;

namespace Engine.Journal.Durability;

/// <summary>
/// The two system calls durability needs and .NET does not expose for a range: <c>msync(MS_SYNC)</c> of the
/// dirty part of a mapped segment (flushing the whole view would walk every page of a 64 MiB mapping on each
/// commit) and <c>fsync</c> of a directory, so a newly renamed segment file survives a power loss.
/// Linux only; elsewhere callers fall back to <see cref="System.IO.MemoryMappedFiles.MemoryMappedViewAccessor.Flush"/>.
/// </summary>
internal static unsafe partial class FileDurability
{
    private const int MsSync = 4;
    private const int MadvPopulateWrite = 23;
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
    /// Maps and dirties the pages of [offset, offset + length) in one call (<c>MADV_POPULATE_WRITE</c>, Linux 5.14+),
    /// so appends do not take one page fault per 4 KiB. Best effort: older kernels refuse it and appends fault as usual.
    /// </summary>
    public static void Populate(byte* mappingStart, long offset, long length)
    {
        long start = offset & ~(s_pageSize - 1);
        _ = madvise(mappingStart + start, (nuint)(offset + length - start), MadvPopulateWrite);
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
    private static partial int madvise(byte* address, nuint length, int advice);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);
}
