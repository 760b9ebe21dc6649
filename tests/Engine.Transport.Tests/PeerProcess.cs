using System.Diagnostics;

namespace Engine.Transport.Tests;

/// <summary>The peer test program (tests/Engine.Transport.Peer) as a real second process.</summary>
public sealed class PeerProcess : IDisposable
{
    private readonly Process _process;

    private PeerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static PeerProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "Engine.Transport.Peer.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return new PeerProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start the peer"));
    }

    /// <summary>The next line the peer prints; fails with its stderr if it exits first.</summary>
    public string ReadLine()
    {
        string? line = _process.StandardOutput.ReadLine();
        if (line is null)
        {
            _process.WaitForExit();
            Assert.Fail($"peer exited with {_process.ExitCode} before printing a line: {_process.StandardError.ReadToEnd()}");
        }

        return line!;
    }

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public int WaitForExit()
    {
        if (!_process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            Kill();
            Assert.Fail("peer did not exit");
        }

        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }
}
