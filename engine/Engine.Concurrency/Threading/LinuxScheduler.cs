using System.Runtime.InteropServices;

namespace Engine.Concurrency.Threading;

/// <summary>The Linux scheduler calls behind <see cref="ThreadAffinity"/> (glibc wrappers of the system calls).</summary>
internal static unsafe partial class LinuxScheduler
{
    /// <summary>Bits in the kernel's default <c>cpu_set_t</c> (1024 CPUs).</summary>
    public const int CpuSetBits = 1024;

    /// <summary>The <c>cpu_set_t</c> as 64-bit words.</summary>
    public const int CpuSetWords = CpuSetBits / 64;

    /// <summary><c>sched_setaffinity(pid, size, mask)</c>; pid 0 is the calling thread.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary><c>sched_getaffinity(pid, size, mask)</c>; pid 0 is the calling thread.</summary>
    [LibraryImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int GetAffinity(int pid, nuint cpuSetSize, ulong* mask);
}
