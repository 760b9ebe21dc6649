using System.Diagnostics;
using Engine.Core;
using Engine.Host;
using Engine.Journal.Format;
using Engine.Journal.Reading;
using Engine.Journal.Segments;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Auditing;

/// <summary>
/// A journal replayed through a fresh BLP for the auditor's commands: the journal is checked to be the engine's
/// (segment headers of the engine's SBE schema, no newer schema version), the BLP is built from the configuration
/// the journal keeps (<see cref="JournalConfigCopy"/>) or one given explicitly, and every record is applied. A
/// configuration given explicitly whose state keys differ from the journal's copy is refused, naming the keys (it
/// would print another StateHash and say nothing), unless the caller allows it: then the differences are reported as
/// a warning. Every problem is a <see cref="CommandFailedException"/> naming the file. Immutable once built.
/// </summary>
public sealed class AuditedReplay
{
    private AuditedReplay(string journalDirectory, string configFile, JournalReplayer.Result result, long outputs, IReadOnlyList<AdminOutcome> adminOutcomes, TimeSpan elapsed, TornTail? tornTail)
    {
        AdminOutcomes = adminOutcomes;
        TornTail = tornTail;
        JournalDirectory = journalDirectory;
        ConfigFile = configFile;
        Result = result;
        Outputs = outputs;
        Elapsed = elapsed;
    }

    public string JournalDirectory { get; }

    public string ConfigFile { get; }

    public JournalReplayer.Result Result { get; }

    public BusinessLogicProcessor Processor => Result.Processor;

    /// <summary>Output messages the BLP regenerated (order requests, cancels, rejects, ...).</summary>
    public long Outputs { get; }

    public TimeSpan Elapsed { get; }

    /// <summary>
    /// What became of every admin input, in journal order: applied, or refused with the result code and the reason
    /// (the AdminResults the BLP regenerated). For the auditor's listings (<c>engine journal replay --admin-results</c>).
    /// </summary>
    public IReadOnlyList<AdminOutcome> AdminOutcomes { get; }

    /// <summary>Set when the journal ends in a torn tail (a crashed writer's unacknowledged record; replay stops before it).</summary>
    public TornTail? TornTail { get; }

    /// <param name="journalDirectory">The journal (full path).</param>
    /// <param name="configFile">engine.json to build the BLP with; null: the copy kept inside the journal.</param>
    /// <param name="allowConfigChange">Replay with a <paramref name="configFile"/> whose state keys differ from the journal's copy.</param>
    /// <param name="warn">Where such differences are reported when allowed; null when the command offers no <c>--allow-config-change</c>.</param>
    public static AuditedReplay Run(string journalDirectory, string? configFile, bool allowConfigChange = false, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(journalDirectory);
        RequireEngineJournal(journalDirectory);
        string config = configFile ?? JournalConfigCopy.EngineFile(journalDirectory);
        if (!File.Exists(config))
        {
            throw new CommandFailedException(configFile is null
                ? $"{journalDirectory}: the journal keeps no configuration ({config} is missing); give the engine.json it was written with: --config FILE"
                : $"--config {config}: file not found");
        }

        EngineConfig engineConfig;
        CoreSettings settings;
        try
        {
            engineConfig = EngineConfig.Load(config);
            settings = engineConfig.CreateCoreSettings();
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException($"configuration {config}: {e.Message}");
        }

        if (configFile is not null)
        {
            RequireSameState(journalDirectory, engineConfig, allowConfigChange, warn);
        }

        var output = new AdminOutcomeRecorder();
        var clock = Stopwatch.StartNew();
        JournalReplayer.Result result;
        TornTail? tornTail;
        try
        {
            // The engine's kernel, as in recovery, but writing nothing (no snapshot directory); the reader's torn-tail
            // report reaches the auditor.
            var kernel = new EngineKernel(settings, output, engineConfig.KernelOptions(static _ => { }) with { JournalDirectory = null });
            long records = kernel.ReplayDirectory(journalDirectory, 1, out tornTail);
            BusinessLogicProcessor processor = kernel.Processor;
            result = new JournalReplayer.Result(processor, records, processor.Sequence, processor.StateHash()) { CheckpointsVerified = kernel.CheckpointsVerified };
        }
        catch (ArgumentException e)
        {
            // The BLP refuses settings it cannot run (a strategy id outside risk's range, a listing finer than the ledger scale).
            throw new CommandFailedException($"configuration {config} cannot build the engine: {FirstLine(e.Message)}");
        }
        catch (StateDivergedException e)
        {
            throw new CommandFailedException($"{journalDirectory}: replay diverged: {e.Message}");
        }
        catch (InvalidOperationException e)
        {
            // An invariant of the BLP broke while applying the journal: a bug, or a journal this configuration cannot replay.
            throw new CommandFailedException($"{journalDirectory}: replay stopped: {FirstLine(e.Message)}");
        }

        return new AuditedReplay(journalDirectory, config, result, output.Count, output.Outcomes, clock.Elapsed, tornTail);
    }

    /// <summary>
    /// Compares an explicitly given configuration with the copy the journal keeps (a journal without a copy has
    /// nothing to compare with: the given file is all there is).
    /// </summary>
    private static void RequireSameState(string journalDirectory, EngineConfig config, bool allowConfigChange, Action<string>? warn)
    {
        if (!JournalConfigCopy.Exists(journalDirectory))
        {
            return;
        }

        IReadOnlyList<ConfigDifference> differences;
        try
        {
            differences = JournalConfigCopy.StateDifferences(config, journalDirectory);
        }
        catch (EngineConfigException e)
        {
            throw new CommandFailedException(e.Message);
        }

        if (differences.Count == 0)
        {
            return;
        }

        string keys = ConfigDifference.Describe(differences);
        string kept = Path.Combine(journalDirectory, JournalConfigCopy.FolderName);
        if (!allowConfigChange)
        {
            // A command that offers no override (it writes what it replays somewhere lasting) passes no warn.
            string remedy = warn is null ? "drop --config to use the journal's copy" : "drop --config to use the journal's copy, or pass --allow-config-change to replay with this configuration anyway";
            throw new CommandFailedException(
                $"--config {config.Path}: these keys decide the state and differ from the configuration the journal was written with ({kept}): {keys}; " +
                $"the replay would not reproduce the journal's state: {remedy}");
        }

        warn?.Invoke($"warning: replaying with --config {config.Path}, whose state keys differ from the configuration the journal was written with ({kept}): {keys}; the StateHash is not the journal's");
    }

    /// <summary>
    /// Refuses what is not the engine's journal before replaying it: a directory without segments, a segment of
    /// another SBE schema, or one written by a newer engine. (LZ4-archived segments keep their header compressed;
    /// the reader checks their format version when it opens them.)
    /// </summary>
    private static void RequireEngineJournal(string directory)
    {
        Span<byte> header = stackalloc byte[SegmentDescriptor.HeaderLength];
        foreach (SegmentFile segment in Engine.Journal.Segments.JournalDirectory.ListExisting(directory))
        {
            if (segment.Compressed)
            {
                continue;
            }

            int read;
            long length;
            using (var stream = new FileStream(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            {
                length = stream.Length;
                read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            }

            SegmentHeader parsed = SegmentHeader.Read(header[..read], segment.Path, length);
            if (parsed.SchemaId != Codecs.EngineSchema.Id)
            {
                throw new CommandFailedException(
                    $"{segment.Path}: a journal of SBE schema {parsed.SchemaId}, not the engine's schema {Codecs.EngineSchema.Id}: only a journal the engine wrote can be replayed");
            }

            if (parsed.SchemaVersion > Codecs.EngineSchema.Version)
            {
                throw new CommandFailedException(
                    $"{segment.Path}: written with SBE schema version {parsed.SchemaVersion}, newer than this engine's version {Codecs.EngineSchema.Version}; upgrade the engine");
            }
        }
    }

    private static string FirstLine(string message)
    {
        int newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
