using System.Diagnostics;
using System.Globalization;
using System.Text;
using Engine.Transport;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// <c>engine gateway venue</c> as a real child process on a real transport file, with the test playing the engine:
/// <see cref="PumpUntil"/> reads what the gateway wrote into ingress into a <see cref="PlayedEngineBook"/> and
/// keeps the engine's heartbeat fresh.
/// </summary>
internal sealed class GatewayProcess : IDisposable
{
    private readonly TransportFile _transport;
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private PlayedEngineBook.Handler _handler;

    public GatewayProcess(TransportFile transport, IEnumerable<string> arguments)
    {
        _transport = transport;
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
        _handler = new PlayedEngineBook.Handler(Engine);
    }

    public PlayedEngineBook Engine { get; } = new();

    /// <summary>Everything the gateway printed so far (stdout and stderr, as lines arrived).</summary>
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

    public bool HasExited => _process.HasExited;

    /// <summary>Plays the engine until <paramref name="done"/> holds or the gateway exits; false if the deadline came first.</summary>
    public bool PumpUntil(Func<bool> done, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            if (clock.Elapsed > deadline || _process.HasExited)
            {
                return done();
            }

            Pump();
        }

        return true;
    }

    /// <summary>Sends SIGTERM and plays the engine until the gateway exits; returns its exit code.</summary>
    public int Terminate()
    {
        using (Process kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        PumpUntil(() => _process.HasExited, TimeSpan.FromSeconds(30));
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail("the gateway did not stop on SIGTERM:\n" + Output);
        }

        _process.WaitForExit();     // the output's last lines
        while (_transport.Ingress.Read(ref _handler, 1_000) > 0)
        {
        }

        return _process.ExitCode;
    }

    /// <summary>Kills the gateway at once (SIGKILL: no shutdown of any kind, as a crash or an OOM kill ends it).</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Pump()
    {
        _transport.EngineHeartbeatTicks = Stopwatch.GetTimestamp();
        if (_transport.Ingress.Read(ref _handler, 1_000) == 0)
        {
            Thread.Sleep(1);
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
