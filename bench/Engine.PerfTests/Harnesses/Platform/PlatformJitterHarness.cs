namespace Engine.PerfTests.Harnesses.Platform;

/// <summary>
/// platform-jitter: what the machine itself does to a thread that never blocks (see <see cref="HostStalls"/>), as a
/// reference for every latency percentile measured on it. One spinning thread, then two at once (one per core of a
/// 2-core machine, as the cross-thread harnesses run). Baseline, same run: how long one clock read takes.
/// </summary>
public sealed class PlatformJitterHarness : IHarness
{
    public string Name => "platform-jitter";

    public string Description => "stalls of a thread spinning on the clock (gaps between reads over 5 / 20 / 50 us), one thread and two at once; baseline: one clock read";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var duration = TimeSpan.FromSeconds(context.Quick ? 1 : 5);
        HostStalls alone = HostStalls.Measure(duration);
        context.Log.WriteLine($"  one thread: {alone}");
        HostStalls[] pair = new HostStalls[2];
        var other = new Thread(() => pair[1] = HostStalls.Measure(duration)) { IsBackground = true, Name = "jitter-probe" };
        other.Start();
        pair[0] = HostStalls.Measure(duration);
        other.Join();
        context.Log.WriteLine($"  two threads: {pair[0]}; {pair[1]}");

        var extra = new Dictionary<string, double>
        {
            ["stallsOver5usPerSecond"] = Math.Round(alone.Over5PerSecond),
            ["stallsOver20usPerSecond"] = Math.Round(alone.Over20PerSecond),
            ["stallsOver50usPerSecond"] = Math.Round(alone.Over50Micros / alone.Seconds),
            ["timeLostPercent"] = Math.Round(alone.LostFraction * 100, 2),
            ["longestStallUs"] = Math.Round(alone.MaxMicros, 1),
            ["contextSwitches"] = alone.ContextSwitches,
            ["pairStallsOver20usPerSecond"] = Math.Round(pair[0].Over20PerSecond + pair[1].Over20PerSecond),
            ["pairTimeLostPercent"] = Math.Round((pair[0].LostFraction + pair[1].LostFraction) * 50, 2),
            ["pairContextSwitches"] = pair[0].ContextSwitches + pair[1].ContextSwitches,
        };
        context.Report(new HarnessResult(Name, Math.Round(alone.Over20PerSecond), "stalls >= 20 us per second of a spinning thread", "clock-read-ns", alone.Seconds * 1e9 / alone.Reads)
        {
            Extra = extra,
        });
    }
}
