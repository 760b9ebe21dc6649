using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Engine.Host;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine demo</c>: the README's first command. Starts the engine (this process) and the simulated venue gateway
/// (a second process) talking over shared-memory IPC, lets the sample market maker trade for <c>--seconds</c> with
/// the embedded journal in <c>--data-dir</c>, prints a summary, then replays the journal through a fresh BLP and
/// checks it ends in the live run's StateHash. Needs nothing but the .NET SDK (no PostgreSQL). <c>--config FILE</c> runs
/// it with that engine.json (its strategies, risk, fees and every pipeline and journal setting: wait strategy,
/// threading, ring size, fsync policy, ...) instead of the built-in one; the demo still places the journal in
/// <c>--data-dir</c>, uses a transport file of its own, and runs no PostgreSQL replicator.
/// </summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = "Where the demo writes its configuration and journal (recreated on every run).",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".", "data", "demo")),
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "engine.json to run the demo with (default: the built-in demo configuration); its journal, transport and replicator are the demo's own.",
        };
        Option<long> seed = SeedOption.Create("Seed of the simulated venue's market-data generator.");
        var seconds = new Option<int>("--seconds")
        {
            Description = "How long the sample strategy trades.",
            DefaultValueFactory = _ => 20,
        };
        var command = new Command("demo", "Run the engine and the simulated venue end to end, then replay the journal.")
        {
            dataDir,
            config,
            seed,
            seconds,
        };
        command.SetAction(parsed => Run(output, parsed.GetValue(dataDir)!, parsed.GetValue(config), parsed.GetValue(seed), parsed.GetValue(seconds)));
        return command;
    }

    private static int Run(TextWriter output, DirectoryInfo dataDir, FileInfo? configFile, long seed, int seconds)
    {
        ulong venueSeed = SeedOption.Require(seed);
        if (seconds is <= 0 or > 86_400)
        {
            throw new UsageException($"--seconds must be within 1..86400, got {seconds}");
        }

        if (configFile is not null && !configFile.Exists)
        {
            throw new UsageException($"--config {configFile.FullName}: file not found");
        }

        string root = OwnedDataDirectory.Prepare(dataDir, "demo");
        string journal = Path.Combine(root, "journal");
        string transportName = $"engine-demo-{Environment.ProcessId}";
        EngineConfig config;
        if (configFile is null)
        {
            config = RunCommand.LoadConfig(DefaultConfiguration.WriteTo(Path.Combine(root, "config"), journal, transportName));
        }
        else
        {
            EngineConfig given = RunCommand.LoadConfig(configFile.FullName);
            config = given.WithJournalDirectory(journal).WithTransport(given.Transport with { Name = transportName }).WithoutReplicator();
            output.WriteLine($"demo: configuration {config.Path} (journal, transport file and replicator are the demo's own)");
        }

        output.WriteLine($"demo: engine + simulated venue (seed {venueSeed}) over shared-memory IPC for {seconds} s; journal in {journal}");

        EngineHost host = RunCommand.StartHost(config, output);
        var clock = Stopwatch.StartNew();
        using (Process gateway = StartGateway(host.TransportPath!, config.InstrumentsFile, venueSeed, output))
        {
            try
            {
                while (clock.Elapsed.TotalSeconds < seconds)
                {
                    if (gateway.WaitForExit(TimeSpan.FromSeconds(1)))
                    {
                        throw new CommandFailedException($"the simulated venue gateway exited early with code {gateway.ExitCode}");
                    }

                    string progress = EngineRunReport.Progress(host, clock.Elapsed);
                    lock (output)
                    {
                        output.WriteLine(progress);
                    }
                }
            }
            finally
            {
                // Stopping the engine drains its pipeline and removes the transport file; the gateway sees the file
                // gone and exits by itself with its summary line.
                host.Stop();
                StopGateway(gateway);
            }
        }

        TimeSpan elapsed = clock.Elapsed;
        EngineRunReport.WriteSummary(output, host, elapsed);
        ulong live = host.Processor.StateHash();
        bool balanced = host.Processor.Ledger.ComputeTrialBalance().IsBalanced;

        output.WriteLine("demo: replaying the journal through a fresh BLP ...");
        EngineConfig recorded = RunCommand.LoadConfig(JournalConfigCopy.EngineFile(journal));
        var replay = JournalReplayer.Replay(journal, recorded, new JournalReplayer.CountingOutput());
        string liveHex = live.ToString("x16", CultureInfo.InvariantCulture);
        string replayHex = replay.StateHash.ToString("x16", CultureInfo.InvariantCulture);
        if (replay.StateHash != live || replay.LastSequence != host.Processor.Sequence)
        {
            throw new CommandFailedException(
                $"replay does not reproduce the run: live StateHash {liveHex} after input {host.Processor.Sequence}, replay {replayHex} after input {replay.LastSequence} ({replay.Records} records)");
        }

        if (!balanced)
        {
            throw new CommandFailedException("the ledger's trial balance is not zero");
        }

        output.WriteLine($"StateHash {liveHex} matches ({replay.Records:N0} inputs replayed)");
        return CommandLineApp.Success;
    }

    private static Process StartGateway(string transportPath, string instruments, ulong seed, TextWriter output)
    {
        var start = SelfInvocation();
        foreach (string argument in new[] { "gateway", "sim", "--transport", transportPath, "--instruments", instruments, "--seed", seed.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new CommandFailedException("could not start the simulated venue gateway process");
        process.OutputDataReceived += (_, e) => WriteLine(output, e.Data);
        process.ErrorDataReceived += (_, e) => WriteLine(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        output.WriteLine($"demo: simulated venue gateway started (pid {process.Id})");
        return process;
    }

    private static void WriteLine(TextWriter output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.WriteLine("  venue: " + line);
            }
        }
    }

    private static void StopGateway(Process gateway)
    {
        if (!gateway.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            gateway.Kill();
        }

        gateway.WaitForExit();
    }

    /// <summary>How to run this same `engine` again: the apphost directly, or `dotnet engine.dll`.</summary>
    internal static ProcessStartInfo SelfInvocation()
    {
        string processPath = Environment.ProcessPath ?? throw new CommandFailedException("cannot tell this process's executable");
        var start = new ProcessStartInfo(processPath) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(processPath) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        return start;
    }
}
