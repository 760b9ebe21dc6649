using System.Runtime.InteropServices;

namespace Engine.PerfTests;

/// <summary>
/// The calling thread's CPU time (Linux <c>clock_gettime(CLOCK_THREAD_CPUTIME_ID)</c>, nanosecond resolution). On a
/// machine shared with other work the wall clock also counts the time a thread waited for a core; its CPU time does
/// not. Elsewhere than Linux: NaN (the harnesses then report wall-clock figures only).
/// </summary>
internal static unsafe partial class ThreadCpuClock
{
    private const int ThreadCpuTimeClock = 3;

    /// <summary>Nanoseconds of CPU the calling thread has used, or NaN where the clock is not available.</summary>
    public static double Nanos()
    {
        if (!OperatingSystem.IsLinux())
        {
            return double.NaN;
        }

        Timespec time;
        return GetTime(ThreadCpuTimeClock, &time) == 0 ? (time.Seconds * 1e9) + time.Nanoseconds : double.NaN;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int GetTime(int clock, Timespec* time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
