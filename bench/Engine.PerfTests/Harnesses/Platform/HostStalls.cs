using System.Diagnostics;

namespace Engine.PerfTests.Harnesses.Platform;

/// <summary>
/// How often the machine takes the CPU away from a thread that never blocks. The calling thread reads the clock in a
/// tight loop for a while and counts the gaps between consecutive reads longer than a microsecond (a read takes
/// ~25 ns). It also counts its own context switches (from /proc), so stalls the guest kernel did not make (a
/// hypervisor descheduling the virtual CPU) show as stalls without context switches.
/// <para>
/// Why latency harnesses report it: a figure timed across threads (tick-to-trade, ping-pong) includes any stall of
/// the CPU a thread was waiting on when the message arrived, and a figure timed over a block of operations charges
/// one stall to every operation of the block. On a machine that loses a few percent of every second in 20-50 µs
/// stalls, such percentiles measure the machine from p99 on.
/// </para>
/// </summary>
public readonly record struct HostStalls(double Seconds, long Reads, long Over5Micros, long Over20Micros, long Over50Micros, double LostFraction, double MaxMicros, long ContextSwitches)
{
    /// <summary>Stalls of at least 5 µs per second.</summary>
    public double Over5PerSecond => Over5Micros / Seconds;

    /// <summary>Stalls of at least 20 µs per second.</summary>
    public double Over20PerSecond => Over20Micros / Seconds;

    /// <summary>Spins on the calling thread for <paramref name="duration"/> and counts the gaps.</summary>
    public static HostStalls Measure(TimeSpan duration)
    {
        long oneMicro = Stopwatch.Frequency / 1_000_000;
        long fiveMicros = 5 * oneMicro;
        long twentyMicros = 20 * oneMicro;
        long fiftyMicros = 50 * oneMicro;
        long switchesBefore = ContextSwitchesOfThisThread();
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        long previous = start;
        long reads = 0;
        long over5 = 0;
        long over20 = 0;
        long over50 = 0;
        long lost = 0;
        long max = 0;
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            reads++;
            long gap = now - previous;
            previous = now;
            if (gap > oneMicro)
            {
                lost += gap;
                max = Math.Max(max, gap);
                over5 += gap >= fiveMicros ? 1 : 0;
                over20 += gap >= twentyMicros ? 1 : 0;
                over50 += gap >= fiftyMicros ? 1 : 0;
            }

            if (now >= end)
            {
                break;
            }
        }

        double seconds = (double)(previous - start) / Stopwatch.Frequency;
        return new HostStalls(
            seconds, reads, over5, over20, over50, (double)lost / (previous - start), max * 1e6 / Stopwatch.Frequency, ContextSwitchesOfThisThread() - switchesBefore);
    }

    /// <summary>The fields every latency harness adds for the machine's state in its run.</summary>
    public void AddTo(IDictionary<string, double> extra, string prefix = "host")
    {
        ArgumentNullException.ThrowIfNull(extra);
        extra[prefix + "StallsOver5usPerSecond"] = Math.Round(Over5PerSecond);
        extra[prefix + "StallsOver20usPerSecond"] = Math.Round(Over20PerSecond);
        extra[prefix + "TimeLostPercent"] = Math.Round(LostFraction * 100, 2);
    }

    public override string ToString() =>
        $"{Over5PerSecond:F0} stalls/s >= 5 us, {Over20PerSecond:F0}/s >= 20 us, {Over50Micros / Seconds:F0}/s >= 50 us; {LostFraction * 100:F1}% of the time lost; longest {MaxMicros:F0} us; {ContextSwitches} context switches";

    /// <summary>Voluntary plus involuntary context switches of the calling thread (Linux; 0 elsewhere).</summary>
    private static long ContextSwitchesOfThisThread()
    {
        const string StatusPath = "/proc/thread-self/status";
        if (!File.Exists(StatusPath))
        {
            return 0;
        }

        long switches = 0;
        foreach (string line in File.ReadLines(StatusPath))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal) || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                switches += long.Parse(line.AsSpan(line.IndexOf(':', StringComparison.Ordinal) + 1).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return switches;
    }
}
