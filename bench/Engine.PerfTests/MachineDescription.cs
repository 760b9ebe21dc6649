using System.Runtime.InteropServices;

namespace Engine.PerfTests;

/// <summary>The machine a figure was measured on, printed with every run (figures mean nothing without it).</summary>
public static class MachineDescription
{
    public static string Describe()
    {
        string cpu = ReadCpuModel() ?? RuntimeInformation.ProcessArchitecture.ToString();
        return $"{cpu}; {Environment.ProcessorCount} logical cores; {RuntimeInformation.OSDescription}; " +
               $".NET {Environment.Version}; GC {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}";
    }

    private static string? ReadCpuModel()
    {
        const string CpuInfo = "/proc/cpuinfo";
        if (!File.Exists(CpuInfo))
        {
            return null;
        }

        foreach (string line in File.ReadLines(CpuInfo))
        {
            if (line.StartsWith("model name", StringComparison.Ordinal))
            {
                int colon = line.IndexOf(':', StringComparison.Ordinal);
                return colon >= 0 ? line[(colon + 1)..].Trim() : null;
            }
        }

        return null;
    }
}
