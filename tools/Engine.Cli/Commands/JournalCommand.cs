using System.CommandLine;
using Engine.Host;
using Engine.Journal.Decoding;
using Engine.Journal.Format;
using Engine.Journal.Postgres;
using Engine.Journal.Reading;
using Engine.Journal.Segments;
using Engine.Journal.Verification;
using Npgsql;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine journal ...</c>: the auditor's tools over an embedded journal directory, independent of the engine:
/// verify, dump, stats, export, and the PostgreSQL event store's pg-sync and pg-verify; <c>replay</c> and
/// <c>ledger</c> (which need the business-logic processor) are in <see cref="JournalReplayCommand"/>. Payloads are named and
/// decoded by the SBE schema of <c>--schema</c>; without it, an engine journal (its segment header names the engine
/// schema) is decoded with the engine's embedded schema, and any other journal's records are named
/// <c>template-&lt;id&gt;</c> and not decoded.
/// </summary>
public static class JournalCommand
{

    public static Command Create(TextWriter output)
    {
        var command = new Command("journal", "Verify, inspect, export, replicate and repair an embedded journal.");
        command.Subcommands.Add(CreateVerify(output));
        command.Subcommands.Add(CreateDump(output));
        command.Subcommands.Add(CreateStats(output));
        command.Subcommands.Add(CreateExport(output));
        command.Subcommands.Add(CreatePgSync(output));
        command.Subcommands.Add(CreatePgVerify(output));
        command.Subcommands.Add(JournalReplayCommand.CreateReplay(output));
        command.Subcommands.Add(JournalReplayCommand.CreateLedger(output));
        command.Subcommands.Add(JournalReplayCommand.CreatePgProject(output));
        command.Subcommands.Add(JournalRepairCommand.Create(output));
        return command;
    }

    private static Argument<DirectoryInfo> DirectoryArgument() => JournalDirectoryArgument.Create();

    private static Option<string> ConnectionOption() => new("--connection")
    {
        Description = "Npgsql connection string of the event store, e.g. 'Host=127.0.0.1;Port=5432;Username=engine;Database=events'.",
        Required = true,
    };

    private static Option<FileInfo?> SchemaOption() => new("--schema")
    {
        Description = "The SBE XML message schema of the payloads: names records by message and decodes them to JSON.",
    };

    /// <summary>
    /// The decoder of <c>--schema</c>; without it, the engine's own (embedded) schema when the journal's first segment
    /// header says it was written with the engine schema (at this version or an older one), else names by template id.
    /// </summary>
    private static IRecordDecoder DecoderFor(ParseResult parsed, Option<FileInfo?> schema, string journalDirectory)
    {
        FileInfo? file = parsed.GetValue(schema);
        if (file is null)
        {
            return DefaultDecoderFor(journalDirectory);
        }

        if (!file.Exists)
        {
            throw new CommandFailedException($"schema file {file.FullName} does not exist");
        }

        try
        {
            return new SbeRecordDecoder(Engine.Sbe.Files.FileSchemaSource.Load(file.FullName));
        }
        catch (Engine.Sbe.Schema.SchemaException e)
        {
            throw new CommandFailedException($"invalid schema: {e.Message}");
        }
    }

    private static IRecordDecoder DefaultDecoderFor(string journalDirectory)
    {
        try
        {
            if (JournalDirectory.ReadFirstHeader(journalDirectory) is { } header && EngineRecordDecoder.Decodes(header.SchemaId, header.SchemaVersion))
            {
                return EngineRecordDecoder.Instance;
            }
        }
        catch (Exception e) when (e is JournalFormatException or IOException)
        {
            // The command reads the journal next and reports what is wrong with it, with the file and offset.
            _ = e;
        }

        return TemplateIdRecordDecoder.Instance;
    }

    private static Command CreateVerify(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<FileInfo?> schema = SchemaOption();
        var command = new Command("verify", "Check every segment header, record CRC32C, sequence continuity, and that every record decodes.") { directory, schema };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            VerificationReport report = JournalVerifier.Verify(path, DecoderFor(parsed, schema, path));
            output.WriteLine($"journal {path}: OK");
            output.WriteLine($"segments: {report.Segments} ({report.CompressedSegments} LZ4-archived)");
            output.WriteLine(report.Records == 0
                ? "records: 0"
                : $"records: {report.Records}, sequences {report.FirstSequence}..{report.LastSequence} without gaps, every CRC32C valid");
            output.WriteLine($"undecoded: {report.Undecoded} (records whose template the decoder does not know)");
            if (report.TornTail is { } torn)
            {
                output.WriteLine(
                    $"torn tail: {torn.File} at offset {torn.Offset} (sequence {torn.ExpectedSequence}: {torn.Reason}); a crashed writer's unacknowledged record, truncated when the next writer opens");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreateDump(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        var from = new Option<long?>("--from") { Description = "First sequence to print." };
        var to = new Option<long?>("--to") { Description = "Last sequence to print." };
        var type = new Option<string?>("--type") { Description = "Only records of this message type (name, or template id)." };
        var json = new Option<bool>("--json") { Description = "One JSON object per line instead of text." };
        Option<FileInfo?> schema = SchemaOption();
        Option<bool> raw = JournalRecordPrinter.RawOption();
        Option<FileInfo?> config = JournalRecordPrinter.ConfigOption();
        var command = new Command("dump", "Print records, one per line, decoded for auditors (--raw: as stored).") { directory, from, to, type, json, schema, raw, config };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            IRecordDecoder decoder = DecoderFor(parsed, schema, path);
            long first = parsed.GetValue(from) ?? long.MinValue;
            long last = parsed.GetValue(to) ?? long.MaxValue;
            if (first > last)
            {
                throw new UsageException($"--from {first} is after --to {last}");
            }

            int? template = null;
            string? typeName = parsed.GetValue(type);
            if (typeName is not null)
            {
                template = decoder.TryResolveTemplateId(typeName, out int id)
                    ? id
                    : throw new UsageException($"--type '{typeName}' is not a known message type");
            }

            var format = JournalRecordPrinter.Create(path, decoder, parsed.GetValue(raw), parsed.GetValue(config), first, last);
            bool asJson = parsed.GetValue(json);
            using JournalReader reader = JournalReader.Open(path);
            if (!asJson)
            {
                foreach (string comment in format.TextPreamble())
                {
                    output.WriteLine(comment);
                }
            }

            if (first != long.MinValue && !reader.Seek(first))
            {
                return CommandLineApp.Success;
            }

            while (reader.TryRead(out JournalRecord record) && record.Sequence <= last)
            {
                if (template is int wanted && record.TemplateId != wanted)
                {
                    continue;
                }

                output.WriteLine(asJson ? format.Json(record) : format.Text(record));
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreateStats(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<FileInfo?> schema = SchemaOption();
        var command = new Command("stats", "Summarise a journal: segments, records per type, sequence and time range, sizes.") { directory, schema };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            IRecordDecoder decoder = DecoderFor(parsed, schema, path);
            VerificationReport report = JournalVerifier.Verify(path, decoder);
            long onDisk = 0;
            foreach (string file in Directory.EnumerateFiles(path, "journal-*"))
            {
                onDisk += new FileInfo(file).Length;
            }

            output.WriteLine($"journal: {path}");
            output.WriteLine($"segments: {report.Segments} ({report.CompressedSegments} LZ4-archived), {onDisk} bytes on disk");
            output.WriteLine($"records: {report.Records}");
            if (report.Records > 0)
            {
                output.WriteLine($"sequences: {report.FirstSequence}..{report.LastSequence}");
                JournalTimeRanges.Write(output, report, path);
                output.WriteLine($"payload bytes: {report.PayloadBytes} (mean {report.PayloadBytes / report.Records} per record)");
            }

            foreach (KeyValuePair<int, long> pair in report.RecordsByTemplate)
            {
                output.WriteLine($"  {decoder.NameOf(pair.Key),-32} template {pair.Key,5}: {pair.Value} records");
            }

            if (report.TornTail is { } torn)
            {
                output.WriteLine($"torn tail: {torn.File} at offset {torn.Offset}");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreateExport(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        var format = new Option<string>("--format") { Description = "csv or jsonl.", Required = true };
        format.AcceptOnlyFromAmong("csv", "jsonl");
        var file = new Option<FileInfo?>("--output") { Description = "Write to this file instead of standard output." };
        Option<FileInfo?> schema = SchemaOption();
        Option<bool> raw = JournalRecordPrinter.RawOption();
        Option<FileInfo?> config = JournalRecordPrinter.ConfigOption();
        var command = new Command("export", "Export every record as CSV or JSON lines, decoded for auditors (--raw: as stored).") { directory, format, file, schema, raw, config };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            IRecordDecoder decoder = DecoderFor(parsed, schema, path);
            bool csv = parsed.GetValue(format) == "csv";
            FileInfo? target = parsed.GetValue(file);
            var formatter = JournalRecordPrinter.Create(path, decoder, parsed.GetValue(raw), parsed.GetValue(config), long.MinValue, long.MaxValue);
            using TextWriter? fileWriter = target is null ? null : new StreamWriter(target.FullName, append: false);
            TextWriter writer = fileWriter ?? output;
            using JournalReader reader = JournalReader.Open(path);
            long count = 0;
            if (csv)
            {
                writer.WriteLine(formatter.CsvHeader);
            }

            while (reader.TryRead(out JournalRecord record))
            {
                writer.WriteLine(csv ? formatter.Csv(record) : formatter.Json(record));
                count++;
            }

            if (target is not null)
            {
                output.WriteLine($"exported {count} records to {target.FullName}");
            }

            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreatePgSync(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<string> connection = ConnectionOption();
        Option<FileInfo?> schema = SchemaOption();
        var command = new Command("pg-sync", "Ship the journal's records that the PostgreSQL event store lacks (binary COPY; resumes where it stopped).")
        {
            directory,
            connection,
            schema,
        };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            IRecordDecoder decoder = DecoderFor(parsed, schema, path);
            string connectionString = CheckConnectionString(parsed.GetValue(connection)!);
            RequireJournal(path);
            using var replicator = new PostgresReplicator(path, connectionString, decoder);
            long shipped = WithPostgres(connectionString, () => replicator.SyncOnce());
            ReplicationStatus status = replicator.Status;
            output.WriteLine($"shipped {shipped} records; the event store holds sequences up to {status.ReplicatedSequence}");
            return CommandLineApp.Success;
        });
        return command;
    }

    private static Command CreatePgVerify(TextWriter output)
    {
        Argument<DirectoryInfo> directory = DirectoryArgument();
        Option<string> connection = ConnectionOption();
        var command = new Command("pg-verify", "Prove the PostgreSQL event store has no gaps or duplicates and matches the journal record for record.")
        {
            directory,
            connection,
        };
        command.SetAction(parsed =>
        {
            string path = parsed.GetValue(directory)!.FullName;
            string connectionString = CheckConnectionString(parsed.GetValue(connection)!);
            RequireJournal(path);
            EventStoreVerification result = WithPostgres(connectionString, () => EventStoreVerifier.Verify(path, connectionString));
            output.WriteLine($"journal: sequences {result.JournalFirst}..{result.JournalLast}");
            output.WriteLine($"event store: {result.StoredCount} records, sequences {result.StoredFirst}..{result.StoredLast}");
            output.WriteLine($"gaps: {result.Gaps}, duplicates: {result.Duplicates}, identical to the journal: {result.Matched}");
            if (!result.IsConsistent)
            {
                throw new CommandFailedException($"event store does not match the journal: {result.FirstMismatch ?? $"{result.Gaps} gaps, {result.Duplicates} duplicates"}");
            }

            if (!result.IsComplete)
            {
                throw new CommandFailedException($"event store is consistent but lags the journal by {result.Lag} records (run 'engine journal pg-sync')");
            }

            output.WriteLine("event store matches the journal record for record");
            return CommandLineApp.Success;
        });
        return command;
    }

    private static void RequireJournal(string path) => _ = Engine.Journal.Segments.JournalDirectory.ListExisting(path);

    internal static string CheckConnectionString(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return connectionString;
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--connection is not a valid connection string: {e.Message}");
        }
    }

    internal static T WithPostgres<T>(string connectionString, Func<T> action)
    {
        try
        {
            return action();
        }
        catch (NpgsqlException e)
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            throw new CommandFailedException($"PostgreSQL at {builder.Host}:{builder.Port} (database {builder.Database}): {FirstLine(e.Message)}", e);
        }
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
