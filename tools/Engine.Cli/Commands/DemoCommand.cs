using System.CommandLine;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine demo</c>: the README's first command. The end-to-end run (engine and simulated venue as two processes
/// over shared-memory IPC) arrives with issue 8; until then the command states exactly what it will do.
/// </summary>
public static class DemoCommand
{
    public static Command Create(TextWriter output)
    {
        var dataDir = new Option<DirectoryInfo>("--data-dir")
        {
            Description = "Where the demo writes its embedded journal.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine(".", "data", "demo")),
        };
        var seed = new Option<int>("--seed")
        {
            Description = "Seed of the simulated venue's market-data generator.",
            DefaultValueFactory = _ => 42,
        };
        var seconds = new Option<int>("--seconds")
        {
            Description = "How long the sample strategy trades.",
            DefaultValueFactory = _ => 20,
        };
        var command = new Command("demo", "Run the engine and the simulated venue end to end, then replay the journal.")
        {
            dataDir,
            seed,
            seconds,
        };
        command.SetAction(parsed =>
        {
            int secondsValue = parsed.GetValue(seconds);
            if (secondsValue <= 0)
            {
                throw new UsageException($"--seconds must be positive, got {secondsValue}");
            }

            output.WriteLine("The end-to-end demo is not built yet (issue 8). When it is, this command will:");
            output.WriteLine($"  1. start the engine and the simulated venue (seed {parsed.GetValue(seed)}) as two processes over shared-memory IPC;");
            output.WriteLine($"  2. run the sample market-making strategy for {secondsValue} s, journaling every input to {parsed.GetValue(dataDir)!.FullName};");
            output.WriteLine("  3. print inputs journaled, orders, fills, P&L, the ledger trial balance, end-to-end latency percentiles and journal size;");
            output.WriteLine("  4. replay the journal and print 'StateHash <hex> matches'.");
            return CommandLineApp.Success;
        });
        return command;
    }
}
