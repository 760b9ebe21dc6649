using System.Diagnostics;
using System.Globalization;

namespace Engine.Transport.Liveness;

/// <summary>
/// A process as (pid, start time): a pid alone is reused by the OS, the pair is not. On Linux the start time is
/// field 22 of /proc/[pid]/stat (clock ticks since boot); elsewhere it falls back to the process's start time.
/// </summary>
public readonly record struct ProcessIdentity(int Pid, long StartTime)
{
    public static ProcessIdentity Current { get; } = Of(Environment.ProcessId) ?? new ProcessIdentity(Environment.ProcessId, 0);

    /// <summary>The identity of a running process, or null when no process has that pid.</summary>
    public static ProcessIdentity? Of(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            string stat;
            try
            {
                stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (IOException)
            {
                return null;
            }

            // The command name (field 2) may contain spaces and parentheses: fields resume after the last ')'.
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 2)..].Split(' ');
            const int StartTimeFieldAfterName = 22 - 3;
            return long.TryParse(fields[StartTimeFieldAfterName], NumberStyles.None, CultureInfo.InvariantCulture, out long start)
                ? new ProcessIdentity(pid, start)
                : null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return new ProcessIdentity(pid, process.StartTime.ToUniversalTime().Ticks);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Whether this very process (same pid and start time) is still running.</summary>
    public bool IsAlive => Of(Pid) is { } now && now.StartTime == StartTime;
}
