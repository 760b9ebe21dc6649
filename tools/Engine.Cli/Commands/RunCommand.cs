using System.CommandLine;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Engine.Host;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine run --config FILE [--data-dir DIR] [--seconds N]</c>: runs the engine process (journal, BLP, shared-memory
/// transport for gateways) until Ctrl+C / SIGTERM or for N seconds, then drains, closes the journal and prints a
/// summary. <c>--data-dir DIR</c> puts the journal (with its snapshots and configuration copy) in <c>DIR/journal</c>
/// instead of the config's <c>$.journal.directory</c>; nothing else of the config moves (the transport file stays
/// where <c>$.transport</c> says).
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter output)
    {
        var config = new Option<FileInfo>("--config") { Description = "The engine's engine.json (see config/engine.json).", Required = true };
        var dataDir = new Option<DirectoryInfo?>("--data-dir")
        {
            Description = "The engine's data folder: the journal (with its snapshots and configuration copy) goes in DIR/journal instead of the config's $.journal.directory.",
        };
        var seconds = new Option<int?>("--seconds") { Description = "Stop after this many seconds (default: run until Ctrl+C or SIGTERM)." };
        var command = new Command("run", "Run the engine: recover from the journal, then journal and process inputs from gateways.") { config, dataDir, seconds };
        command.SetAction(parsed =>
        {
            int? limit = parsed.GetValue(seconds);
            if (limit is <= 0)
            {
                throw new UsageException($"--seconds must be positive, got {limit}");
            }

            EngineConfig engineConfig = LoadConfig(parsed.GetValue(config)!.FullName);
            if (parsed.GetValue(dataDir) is { } data)
            {
                engineConfig = engineConfig.WithJournalDirectory(Path.Combine(DataDirectory(data), "journal"));
            }

            using var stop = new CancellationTokenSource();
            using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
            using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
            EngineHost host = StartHost(engineConfig, output);
            output.WriteLine($"engine: running; gateways attach to {host.TransportPath}; journal {engineConfig.JournalDirectory} (recovered {host.RecoveredRecords:N0} inputs)");
            var clock = Stopwatch.StartNew();
            while (!stop.IsCancellationRequested && (limit is null || clock.Elapsed.TotalSeconds < limit))
            {
                stop.Token.WaitHandle.WaitOne(TimeSpan.FromSeconds(1));
                output.WriteLine(EngineRunReport.Progress(host, clock.Elapsed));
            }

            host.Stop();
            EngineRunReport.WriteSummary(output, host, clock.Elapsed);

            // What `engine journal replay` of the journal must end in.
            output.WriteLine("StateHash: " + host.Processor.StateHash().ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            return CommandLineApp.Success;
        });
        return command;
    }

    /// <summary>The full path of a <c>--data-dir</c>, refused when it names a file.</summary>
    internal static string DataDirectory(DirectoryInfo directory)
    {
        string root = directory.FullName;
        if (File.Exists(root))
        {
            throw new UsageException($"--data-dir {root} is a file, not a directory");
        }

        return root;
    }

    internal static EngineConfig LoadConfig(string path)
    {
        try
        {
            return EngineConfig.Load(path);
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }

    internal static EngineHost StartHost(EngineConfig config, TextWriter output)
    {
        try
        {
            return EngineHost.Start(config, message => output.WriteLine("engine: " + message));
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }
        catch (Engine.Transport.TransportLayoutException e)
        {
            throw new CommandFailedException(e.Message);
        }
    }
}
