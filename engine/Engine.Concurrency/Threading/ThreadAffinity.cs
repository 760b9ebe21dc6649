using System.Runtime.InteropServices;

namespace Engine.Concurrency.Threading;

/// <summary>
/// CPU affinity of the calling thread through <c>sched_setaffinity</c>/<c>sched_getaffinity</c> on Linux: pinning a
/// busy-spinning stage to its own core keeps the scheduler from moving it (and its warm caches) around.
/// </summary>
/// <remarks>Stateless; every call acts on the calling thread only.</remarks>
public static class ThreadAffinity
{
    /// <summary>True where pinning works (Linux).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>Restricts the calling thread to <paramref name="cpu"/>.</summary>
    public static void PinCurrentThread(int cpu) => SetCurrentThreadAffinity([cpu]);

    /// <summary>Restricts the calling thread to the given CPUs.</summary>
    public static unsafe void SetCurrentThreadAffinity(ReadOnlySpan<int> cpus)
    {
        EnsureSupported();
        if (cpus.IsEmpty)
        {
            throw new ArgumentException("at least one CPU is needed", nameof(cpus));
        }

        ulong* mask = stackalloc ulong[LinuxScheduler.CpuSetWords];
        new Span<ulong>(mask, LinuxScheduler.CpuSetWords).Clear();
        foreach (int cpu in cpus)
        {
            if ((uint)cpu >= LinuxScheduler.CpuSetBits)
            {
                throw new ArgumentOutOfRangeException(nameof(cpus), cpu, $"a CPU number is 0 to {LinuxScheduler.CpuSetBits - 1}");
            }

            mask[cpu / 64] |= 1UL << (cpu % 64);
        }

        if (LinuxScheduler.SetAffinity(0, LinuxScheduler.CpuSetWords * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"sched_setaffinity to CPU(s) {string.Join(',', cpus.ToArray())} failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }
    }

    /// <summary>The CPUs the calling thread may run on, ascending.</summary>
    public static unsafe int[] GetCurrentThreadAffinity()
    {
        EnsureSupported();
        ulong* mask = stackalloc ulong[LinuxScheduler.CpuSetWords];
        new Span<ulong>(mask, LinuxScheduler.CpuSetWords).Clear();
        if (LinuxScheduler.GetAffinity(0, LinuxScheduler.CpuSetWords * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException($"sched_getaffinity failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})");
        }

        var cpus = new List<int>();
        for (int cpu = 0; cpu < LinuxScheduler.CpuSetBits; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return [.. cpus];
    }

    private static void EnsureSupported()
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("CPU pinning is implemented for Linux only (sched_setaffinity)");
        }
    }
}
