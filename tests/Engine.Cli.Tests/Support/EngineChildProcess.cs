using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// A long-running <c>engine</c> command (<c>run</c>, <c>gateway admin</c>) as a real child process: what it prints is
/// collected as lines arrive, <see cref="WaitForOutput"/> waits for a line, and it is stopped with SIGTERM or killed
/// outright (a crash).
/// </summary>
internal sealed class EngineChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public EngineChildProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(TestContext.CurrentContext.TestDirectory, "engine.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits until the output holds <paramref name="text"/> (true), or the process exits or the deadline passes (false).</summary>
    public bool WaitForOutput(string text, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > deadline || _process.HasExited)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(20);
        }

        return true;
    }

    /// <summary>SIGKILL: the process dies without cleaning up, as in a crash.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, then waits for it to exit (killing it if it does not within a minute).</summary>
    public void Terminate()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            Kill();
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
