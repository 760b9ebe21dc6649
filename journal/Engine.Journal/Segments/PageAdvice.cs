using System.Runtime.InteropServices;

namespace Engine.Journal.Segments;

/// <summary>
/// <c>madvise</c> for the writer's mapping of the segment it appends to: fault a stretch of pages in for writing
/// ahead of the writer in one system call (<c>MADV_POPULATE_WRITE</c>, Linux 5.14+), and drop the writer's page
/// table entries for a stretch it has finished with (<c>MADV_DONTNEED</c>; on a shared file mapping the bytes stay
/// in the page cache and the file). Both are advice: where they are not supported they do nothing, and the writer
/// takes the page faults on its stores instead, which costs time but never data.
/// </summary>
internal static unsafe partial class PageAdvice
{
    private const int DontNeed = 4;
    private const int PopulateWrite = 23;

    private static readonly nint s_pageSize = Environment.SystemPageSize;

    private const int InvalidArgument = 22;

    // Cleared when the kernel does not know the advice (EINVAL before 5.14), so it is not asked again. Any other
    // failure (ENOMEM, say) is left to the stores, which fault the pages in themselves.
    private static bool s_populateSupported = OperatingSystem.IsLinux();

    public static int PageSize => (int)s_pageSize;

    /// <summary>Faults the pages of [address, address + length) in, writable, as a store to each would.</summary>
    public static void Populate(byte* address, int length)
    {
        if (s_populateSupported && length > 0 && madvise(address, (nuint)length, PopulateWrite) != 0
            && Marshal.GetLastPInvokeError() == InvalidArgument)
        {
            s_populateSupported = false;
        }
    }

    /// <summary>Drops the caller's page table entries for [address, address + length); the file keeps the bytes.</summary>
    public static void Release(byte* address, int length)
    {
        if (OperatingSystem.IsLinux() && length > 0)
        {
            _ = madvise(address, (nuint)length, DontNeed);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(byte* address, nuint length, int advice);
}
