using System.CommandLine;
using Engine.Cli.Auditing;
using Engine.Host;
using Engine.Journal.Decoding;
using Engine.Journal.Format;
using Engine.Journal.Reading;
using Engine.Journal.Segments;

namespace Engine.Cli.Commands;

/// <summary>
/// The record printer of <c>engine journal dump</c> and <c>export</c>: by default the auditor's form
/// (<see cref="AuditorRecordFormat"/>: decoded, decimal, named, ISO-8601 UTC, admin outcomes), with <c>--raw</c> the
/// stored form for forensic work (<see cref="JournalRecordFormat"/>: integers as stored, payload hex). Also holds the
/// options both commands share. One instance per command run.
/// </summary>
public sealed class JournalRecordPrinter
{
    private readonly JournalRecordFormat? _raw;
    private readonly AuditorRecordFormat? _auditor;

    private JournalRecordPrinter(JournalRecordFormat? raw, AuditorRecordFormat? auditor)
    {
        _raw = raw;
        _auditor = auditor;
    }

    public static Option<bool> RawOption() => new("--raw")
    {
        Description = "Print records as stored (integer times in ns, payload hex, decoded fields as raw integers) instead of decoded for auditors.",
    };

    public static Option<FileInfo?> ConfigOption() => new("--config")
    {
        Description = "The engine.json the journal was written with, for names, scales and admin outcomes (default: the copy the journal keeps in DIR/config/engine.json).",
    };

    public string CsvHeader => _raw is not null ? JournalRecordFormat.CsvHeader : AuditorRecordFormat.CsvHeader;

    /// <summary>
    /// The printer for records [<paramref name="first"/>, <paramref name="last"/>] of the journal: raw, or the auditor's
    /// form (which loads the journal's configuration and, when the range holds an admin input, replays the journal to
    /// learn the outcomes).
    /// </summary>
    public static JournalRecordPrinter Create(string journalDirectory, IRecordDecoder decoder, bool raw, FileInfo? config, long first, long last)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        if (raw)
        {
            return new JournalRecordPrinter(new JournalRecordFormat(decoder), null);
        }

        JournalReference reference = JournalReference.Load(journalDirectory, config?.FullName);
        bool engineJournal = IsEngineJournal(journalDirectory);
        AdminOutcomes outcomes = engineJournal ? AdminOutcomes.For(journalDirectory, config?.FullName, first, last) : AdminOutcomes.None;
        return new JournalRecordPrinter(null, new AuditorRecordFormat(decoder, reference, outcomes, engineJournal));
    }

    /// <summary>Comment lines before a text dump (none in raw form).</summary>
    public IEnumerable<string> TextPreamble() => _auditor?.TextPreamble() ?? [];

    public string Text(in JournalRecord record) => _raw is not null ? _raw.Text(record) : _auditor!.Text(record);

    public string Json(in JournalRecord record) => _raw is not null ? _raw.Json(record) : _auditor!.Json(record);

    public string Csv(in JournalRecord record) => _raw is not null ? _raw.Csv(record) : _auditor!.Csv(record);

    private static bool IsEngineJournal(string journalDirectory)
    {
        try
        {
            return JournalDirectory.ReadFirstHeader(journalDirectory) is { } header && EngineRecordDecoder.Decodes(header.SchemaId, header.SchemaVersion);
        }
        catch (Exception e) when (e is JournalFormatException or IOException)
        {
            // Reading the records reports what is wrong with the journal, with the file and offset.
            _ = e;
            return false;
        }
    }
}
