using System.CommandLine;
using Engine.Cli.Commands;

namespace Engine.Cli;

/// <summary>
/// Builds the `engine` command tree and runs it with the project's exit-code contract:
/// 0 success, 1 failure (the command ran and could not do its job), 2 usage error (the arguments are wrong).
/// Every error is one line on stderr; no stack trace reaches the user.
/// </summary>
public static class CommandLineApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static RootCommand BuildRootCommand(TextWriter output)
    {
        var root = new RootCommand(
            "engine: a low-latency, event-sourced trading engine. " +
            "Run a demo, inspect and verify journals, generate and decode SBE messages.");
        root.Subcommands.Add(VersionCommand.Create(output));
        root.Subcommands.Add(DemoCommand.Create(output));
        root.Subcommands.Add(RunCommand.Create(output));
        root.Subcommands.Add(BacktestCommand.Create(output));
        root.Subcommands.Add(SbeCommand.Create(output));
        root.Subcommands.Add(JournalCommand.Create(output));
        root.Subcommands.Add(LobsterCommand.Create(output));
        root.Subcommands.Add(VenueCommand.Create(output));
        root.Subcommands.Add(VenueSimCommand.Create(output));
        root.Subcommands.Add(DataCommand.Create(output));
        root.Subcommands.Add(GatewayCommand.Create(output));
        root.Subcommands.Add(AdminCommand.Create(output));
        return root;
    }

    public static int Run(string[] args, TextWriter output, TextWriter error) =>
        Run(BuildRootCommand(output), args, output, error);

    /// <summary>Runs any command tree under the exit-code contract (the tests use it with their own commands).</summary>
    public static int Run(RootCommand root, string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(error);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // All parse errors on one line, most specific last (the parser reports "command not provided" first).
            string messages = string.Join("; ", parsed.Errors.Select(e => e.Message).Reverse());
            error.WriteLine($"engine: usage error: {messages} (run 'engine --help')");
            return UsageError;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = output,
                Error = error,
            };
            return parsed.Invoke(configuration);
        }
        catch (UsageException e)
        {
            error.WriteLine($"engine: usage error: {e.Message}");
            return UsageError;
        }
        catch (CommandFailedException e)
        {
            error.WriteLine($"engine: error: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
        {
            // Expected environmental failures (missing file, permissions, malformed data) are reported, not dumped.
            error.WriteLine($"engine: error: {e.Message}");
            return Failure;
        }
    }
}
