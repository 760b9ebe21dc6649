using System.Diagnostics;

namespace Engine.PerfTests.Harnesses.Ipc;

/// <summary>This executable started again in the <see cref="IpcPeer"/> role, with raw access to its stdin/stdout.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    public Stream Input => _process.StandardInput.BaseStream;

    public Stream Output => _process.StandardOutput.BaseStream;

    public static PeerProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(PeerProcess).Assembly.Location);
        start.ArgumentList.Add(IpcPeer.Command);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var peer = new PeerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the IPC peer"));
        string? ready = IpcPeer.ReadRawLine(peer.Output);
        if (ready != "ready")
        {
            throw new HarnessVerificationException($"IPC peer did not start (said '{ready}')");
        }

        return peer;
    }

    public void Go()
    {
        Input.Write("go\n"u8);
        Input.Flush();
    }

    public void WaitForSuccess()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(5)) || _process.ExitCode != 0)
        {
            throw new HarnessVerificationException($"IPC peer failed (exit {(_process.HasExited ? _process.ExitCode : -1)})");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
