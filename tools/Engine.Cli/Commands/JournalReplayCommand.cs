using System.CommandLine;
using System.Globalization;
using Engine.Cli.Auditing;
using Engine.Core;
using Engine.Ledger;
using Engine.Ledger.Accounts;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine journal replay DIR</c>, <c>engine journal ledger DIR</c> and <c>engine journal pg-project DIR</c>: the
/// auditor's commands that need the business-logic processor. Both rebuild the engine's state from the journal alone (records applied through a
/// fresh BLP built from the configuration the journal keeps, or <c>--config</c>), so what they print is what the
/// engine that wrote the journal held, and the final <c>StateHash</c> line can be compared with the live run's.
/// </summary>
public static class JournalReplayCommand
{
    public static Command CreateReplay(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<FileInfo?> config = ConfigOption();
        Option<bool> allowConfigChange = AllowConfigChangeOption();
        var adminResults = new Option<bool>("--admin-results") { Description = "Also list every admin input with its result: applied, or refused with the result code and the reason." };
        var users = new Option<FileInfo?>("--users") { Description = "With --admin-results: the admin gateway's users file, to name each principal's user." };
        var command = new Command("replay", "Replay the journal through a fresh business-logic processor; print counts and the final StateHash.") { directory, config, allowConfigChange, adminResults, users };
        command.SetAction(parsed =>
        {
            Engine.Gateways.Admin.Users.UsersFile? names = LoadUsers(parsed.GetValue(users));
            AuditedReplay replay = AuditedReplay.Run(parsed.GetValue(directory)!.FullName, parsed.GetValue(config)?.FullName, parsed.GetValue(allowConfigChange), output.WriteLine);
            WriteReplaySummary(output, replay);
            if (parsed.GetValue(adminResults))
            {
                WriteAdminResults(output, replay, names);
            }
            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command CreateLedger(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<FileInfo?> config = ConfigOption();
        Option<bool> allowConfigChange = AllowConfigChangeOption();
        var json = new Option<bool>("--json") { Description = "One JSON document with trialBalance, accounts and transfers." };
        var command = new Command(
            "ledger",
            "Rebuild the ledger from the journal alone: per-asset trial balance and every client account's balance (exit 1 if the trial balance is not zero).")
        {
            directory,
            config,
            allowConfigChange,
            json,
        };
        command.SetAction(parsed =>
        {
            // With --json the warning goes to stderr, so stdout stays one JSON document.
            Action<string> warn = parsed.GetValue(json) ? Console.Error.WriteLine : output.WriteLine;
            AuditedReplay replay = AuditedReplay.Run(parsed.GetValue(directory)!.FullName, parsed.GetValue(config)?.FullName, parsed.GetValue(allowConfigChange), warn);
            BusinessLogicProcessor processor = replay.Processor;
            if (parsed.GetValue(json))
            {
                LedgerReport.WriteJson(output, processor, replay.Result.LastSequence, replay.Result.StateHash);
            }
            else
            {
                output.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"journal: {replay.JournalDirectory} ({replay.Result.Records} records through sequence {replay.Result.LastSequence})"));
                output.WriteLine($"config: {replay.ConfigFile}");
                LedgerReport.WriteText(output, processor);
            }

            RequireBalanced(processor);
            return CommandLineApp.Success;
        });
        return command;
    }

    public static Command CreatePgProject(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<FileInfo?> config = ConfigOption();
        var connection = new Option<string>("--connection")
        {
            Description = "Npgsql connection string of the event store, e.g. 'Host=127.0.0.1;Port=5432;Username=engine;Database=events'.",
            Required = true,
        };
        var command = new Command(
            "pg-project",
            "Replay the journal and write the ledger projections auditors query in PostgreSQL: ledger_transfers and ledger_balances (idempotent).")
        {
            directory,
            config,
            connection,
        };
        command.SetAction(parsed =>
        {
            string connectionString = JournalCommand.CheckConnectionString(parsed.GetValue(connection)!);
            AuditedReplay replay = AuditedReplay.Run(parsed.GetValue(directory)!.FullName, parsed.GetValue(config)?.FullName);
            RequireBalanced(replay.Processor);
            (long transfers, long accounts) = JournalCommand.WithPostgres(connectionString, () => LedgerProjection.Write(replay, connectionString));
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"projected {transfers} transfers and {accounts} account balances through sequence {replay.Result.LastSequence} (StateHash {replay.Result.StateHash:x16}) into ledger_transfers and ledger_balances"));
            return CommandLineApp.Success;
        });
        return command;
    }

    private static Argument<DirectoryInfo> DirectoryArgument() => JournalDirectoryArgument.Create();

    private static Option<FileInfo?> ConfigOption() => new("--config")
    {
        Description = "The engine.json the journal was written with (default: the copy the journal keeps in DIR/config/engine.json); refused when its state keys differ from that copy.",
    };

    private static Option<bool> AllowConfigChangeOption() => new("--allow-config-change")
    {
        Description = "Replay with a --config whose state keys differ from the journal's copy (a what-if: the StateHash is not the journal's); the differing keys are printed as a warning.",
    };

    private static void WriteReplaySummary(TextWriter output, AuditedReplay replay)
    {
        BusinessLogicProcessor processor = replay.Processor;
        EngineCounters counters = processor.Counters;
        Engine.Host.JournalReplayer.Result result = replay.Result;
        double seconds = Math.Max(replay.Elapsed.TotalSeconds, 1e-9);
        output.WriteLine($"journal: {replay.JournalDirectory}");
        output.WriteLine($"config: {replay.ConfigFile}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"records: {result.Records} (last sequence {result.LastSequence}), replayed in {replay.Elapsed.TotalMilliseconds:F1} ms ({result.Records / seconds:F0} records/s)"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"inputs: {counters.Inputs} (market data {counters.MarketData}, admin {counters.AdminInputs} of which refused {counters.AdminRefused}, timer ticks {counters.TimerTicks}, ignored {counters.IgnoredInputs}, malformed {counters.MalformedInputs})"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"orders: submitted {counters.OrdersSubmitted}, accepted {counters.OrdersAccepted}, rejected {counters.OrdersRejected}, filled {counters.OrdersFilled}, canceled {counters.OrdersCanceled}, open {processor.Orders.Count}; cancel requests {counters.CancelRequests}, amend requests {counters.AmendRequests}"));
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"fills: {counters.Fills}; unknown execution reports {counters.UnknownExecutionReports}, accounting breaks {counters.AccountingBreaks}, kill-switch cancels {counters.KillSwitchCancels}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"outputs: {replay.Outputs}"));
        if (replay.TornTail is { } torn)
        {
            output.WriteLine($"torn tail: {torn.File} at offset {torn.Offset} (sequence {torn.ExpectedSequence}: {torn.Reason}); a crashed writer's unacknowledged record, not replayed");
        }

        TrialBalance trial = processor.Ledger.ComputeTrialBalance();
        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"ledger: {processor.Ledger.AccountCount} accounts, {processor.Ledger.TransferCount} transfers, trial balance {(trial.IsBalanced ? "zero" : "NOT ZERO")}"));
        output.WriteLine("StateHash: " + replay.Result.StateHash.ToString("x16", CultureInfo.InvariantCulture));
    }

    /// <summary>One line per admin input, in journal order, with what the engine did with it.</summary>
    private static Engine.Gateways.Admin.Users.UsersFile? LoadUsers(FileInfo? file)
    {
        if (file is null)
        {
            return null;
        }

        try
        {
            return Engine.Gateways.Admin.Users.UsersFile.Load(file.FullName);
        }
        catch (Engine.Gateways.Admin.Users.UsersFileException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    private static void WriteAdminResults(TextWriter output, AuditedReplay replay, Engine.Gateways.Admin.Users.UsersFile? users)
    {
        int refused = 0;
        foreach (AdminOutcome outcome in replay.AdminOutcomes)
        {
            refused += outcome.Applied ? 0 : 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"admin results: {replay.AdminOutcomes.Count} ({replay.AdminOutcomes.Count - refused} applied, {refused} refused)"));
        foreach (AdminOutcome outcome in replay.AdminOutcomes)
        {
            string line = outcome.ToString();
            if (users?.NameOfPrincipal(outcome.Principal) is { } user)
            {
                // "by principal 100" -> "by alice (principal 100)": the journal keeps the id; the users file names it.
                string principal = "by principal " + outcome.Principal.ToString(CultureInfo.InvariantCulture);
                line = line.Replace(principal, $"by {user} ({principal[3..]})", StringComparison.Ordinal);
            }

            output.WriteLine("  " + line);
        }
    }

    private static void RequireBalanced(BusinessLogicProcessor processor)
    {
        TrialBalance trial = processor.Ledger.ComputeTrialBalance();
        foreach ((AssetId asset, TrialBalance.AssetTotals totals) in trial.Totals)
        {
            if (!totals.IsBalanced)
            {
                int scale = processor.Assets.Scale;
                throw new CommandFailedException(
                    $"the trial balance of {processor.Assets.CodeOf(asset)} is not zero: debits {LedgerAmounts.Format(totals.DebitsPosted, scale)} posted + {LedgerAmounts.Format(totals.DebitsPending, scale)} pending, " +
                    $"credits {LedgerAmounts.Format(totals.CreditsPosted, scale)} posted + {LedgerAmounts.Format(totals.CreditsPending, scale)} pending");
            }
        }
    }
}
