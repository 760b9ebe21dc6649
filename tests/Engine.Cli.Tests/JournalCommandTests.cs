using System.Text.Json;
using Engine.Journal.Format;
using Engine.Journal.Maintenance;
using Engine.Journal.Writing;

namespace Engine.Cli.Tests;

/// <summary>The auditor's <c>engine journal</c> commands, run as the real <c>engine</c> process over real journals.</summary>
[TestFixture]
public sealed class JournalCommandTests
{
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-journal");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void Verify_HealthyJournal_ReportsRecordsAndExitsZero()
    {
        string journal = WriteJournal(500);
        JournalMaintenance.CompressClosedSegments(journal);

        EngineRun run = EngineProcess.Run("journal", "verify", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("OK").And.Contain("records: 500, sequences 1..500").And.Contain("LZ4-archived"));
    }

    [Test]
    public void Verify_CorruptRecord_FailsWithFileOffsetAndSequence_OnOneLine()
    {
        string journal = WriteJournal(100, segmentSize: 1024 * 1024);
        string segment = Path.Combine(journal, SegmentDescriptor.FileName(0));
        using (var stream = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite))
        {
            // Inside the payload of the first record.
            stream.Position = SegmentDescriptor.HeaderLength + RecordDescriptor.HeaderLength + 1;
            stream.WriteByte(0xAB);
        }

        EngineRun run = EngineProcess.Run("journal", "verify", journal);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain(segment).And.Contain("offset 64").And.Contain("sequence 1"));
    }

    [Test]
    public void Verify_MissingDirectory_IsAOneLineError()
    {
        string missing = Path.Combine(_root, "nope");
        EngineRun run = EngineProcess.Run("journal", "verify", missing);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: error: {missing}: journal directory not found"));
    }

    [Test]
    public void Verify_DirectoryWithoutSegments_IsNotAJournal()
    {
        File.WriteAllText(Path.Combine(_root, "notes.txt"), "hello");
        EngineRun run = EngineProcess.Run("journal", "verify", _root);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("not a journal"));
    }

    [Test]
    public void Verify_ForeignFileNamedLikeASegment_IsNotAJournalSegment()
    {
        File.WriteAllBytes(Path.Combine(_root, SegmentDescriptor.FileName(0)), new byte[8192]);
        EngineRun run = EngineProcess.Run("journal", "verify", _root);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("not a journal segment (bad magic"));
    }

    [Test]
    public void Dump_Range_PrintsExactlyThoseRecords()
    {
        string journal = WriteJournal(300);
        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--from", "100", "--to", "104");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n').Where(l => !l.StartsWith('#')).ToArray();
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines[0], Does.StartWith("100 template-"));
        Assert.That(lines[4], Does.StartWith("104 template-"));
    }

    [Test]
    public void Dump_TypeAndJson_PrintsOneJsonObjectPerMatchingRecord()
    {
        string journal = WriteJournal(90);
        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--type", "template-2", "--json");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(30));
        using JsonDocument first = JsonDocument.Parse(lines[0]);
        Assert.That(first.RootElement.GetProperty("templateId").GetInt32(), Is.EqualTo(2));
        Assert.That(first.RootElement.GetProperty("seq").GetInt64(), Is.EqualTo(1));
        Assert.That(first.RootElement.GetProperty("payload").GetString(), Is.EqualTo("01020304"));
        Assert.That(first.RootElement.GetProperty("fields").ValueKind, Is.EqualTo(JsonValueKind.Null), "a template no schema knows is not decoded");
    }

    [Test]
    public void Dump_FromAfterTo_IsAUsageError()
    {
        string journal = WriteJournal(10);
        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--from", "9", "--to", "3");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("--from 9 is after --to 3"));
    }

    [Test]
    public void Stats_CountsRecordsPerTemplate()
    {
        string journal = WriteJournal(90);
        EngineRun run = EngineProcess.Run("journal", "stats", journal);
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("records: 90").And.Contain("sequences: 1..90").And.Contain("template     3: 30 records"));
    }

    [Test]
    public void ExportRaw_Csv_WritesAHeaderAndOneRowPerRecord_AsStored()
    {
        string journal = WriteJournal(50);
        EngineRun run = EngineProcess.Run("journal", "export", journal, "--format", "csv", "--raw");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(51));
        Assert.That(lines[0], Does.StartWith("seq,template_id,name"));
        Assert.That(lines[1], Does.StartWith("1,2,template-2,1000,1001,4,").And.EndWith(",01020304"));
    }

    [Test]
    public void Export_JsonlToFile_WritesEveryRecord()
    {
        string journal = WriteJournal(50);
        string target = Path.Combine(_root, "out.jsonl");
        EngineRun run = EngineProcess.Run("journal", "export", journal, "--format", "jsonl", "--output", target);
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = File.ReadAllLines(target);
        Assert.That(lines, Has.Length.EqualTo(50));
        foreach (string line in lines)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            Assert.That(document.RootElement.GetProperty("length").GetInt32(), Is.EqualTo(4));
        }
    }

    [Test]
    public void Export_UnknownFormat_IsAUsageError()
    {
        string journal = WriteJournal(5);
        EngineRun run = EngineProcess.Run("journal", "export", journal, "--format", "xml");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("xml"));
    }

    [Test]
    public void PgSync_UnreachableServer_IsAOneLineFailureNamingTheServer()
    {
        string journal = WriteJournal(5);
        EngineRun run = EngineProcess.Run("journal", "pg-sync", journal, "--connection", "Host=127.0.0.1;Port=1;Username=x;Database=events;Timeout=2");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("PostgreSQL at 127.0.0.1:1"));
    }

    [Test]
    public void PgVerify_MalformedConnectionString_IsAUsageError()
    {
        string journal = WriteJournal(5);
        EngineRun run = EngineProcess.Run("journal", "pg-verify", journal, "--connection", "NoSuchKey=1");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("--connection"));
    }

    [Test]
    public void DumpWithSchema_NamesAndDecodesSbePayloads()
    {
        string journal = WriteTimerTicks(3, corruptLast: false);
        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--schema", EngineSchema(), "--type", "TimerTick", "--json");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(3));
        using JsonDocument second = JsonDocument.Parse(lines[1]);
        Assert.That(second.RootElement.GetProperty("name").GetString(), Is.EqualTo("TimerTick"));
        Assert.That(second.RootElement.GetProperty("fields").GetProperty("time").GetString(), Is.EqualTo("1970-01-01T00:00:02.000000000Z"));
        Assert.That(second.RootElement.GetProperty("fields").GetProperty("tickSequence").GetInt64(), Is.EqualTo(2));

        EngineRun raw = EngineProcess.Run("journal", "dump", journal, "--schema", EngineSchema(), "--type", "TimerTick", "--json", "--raw");
        Assert.That(raw.StandardOutput.Split('\n')[1], Does.Contain("\"time\":2000000000").And.Contain("tickSequence"));
    }

    [Test]
    public void VerifyWithSchema_RecordThatDoesNotDecode_FailsNamingIt()
    {
        string healthy = WriteTimerTicks(3, corruptLast: false);
        EngineRun ok = EngineProcess.Run("journal", "verify", healthy, "--schema", EngineSchema());
        Assert.That(ok.ExitCode, Is.Zero, ok.StandardError);
        Assert.That(ok.StandardOutput, Does.Contain("undecoded: 0"));

        Directory.Delete(healthy, recursive: true);
        string broken = WriteTimerTicks(3, corruptLast: true);
        EngineRun run = EngineProcess.Run("journal", "verify", broken, "--schema", EngineSchema());
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("record 3 (template 500").And.Contain("does not decode"));
    }

    [Test]
    public void EngineJournal_WithoutSchemaOption_IsDecodedWithTheEmbeddedEngineSchema()
    {
        string healthy = WriteTimerTicks(3, corruptLast: false);
        EngineRun dump = EngineProcess.Run("journal", "dump", healthy, "--type", "TimerTick", "--json");
        Assert.That(dump.ExitCode, Is.Zero, dump.StandardError);
        Assert.That(dump.StandardOutput, Does.Contain("\"name\":\"TimerTick\"").And.Contain("tickSequence"));

        Directory.Delete(healthy, recursive: true);
        string broken = WriteTimerTicks(3, corruptLast: true);
        EngineRun verify = EngineProcess.Run("journal", "verify", broken);
        Assert.That(verify.ExitCode, Is.EqualTo(1), "every record of an engine journal must decode");
        Assert.That(verify.StandardError, Does.Contain("record 3 (template 500").And.Contain("does not decode"));
    }

    private static string EngineSchema()
    {
        DirectoryInfo? directory = new(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Engine.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Engine.sln not found"), "schemas", "engine-schema.xml");
    }

    /// <summary>TimerTick (template 500 of schema 100) records; the last one truncated to a bare header when asked.</summary>
    private string WriteTimerTicks(int count, bool corruptLast)
    {
        string journal = Path.Combine(_root, "journal");
        var options = new JournalOptions { SegmentSize = 8192, FsyncPolicy = FsyncPolicy.None, SchemaId = 100, SchemaVersion = 0 };
        using JournalWriter writer = JournalWriter.Open(journal, options);
        byte[] message = new byte[24];
        for (long sequence = 1; sequence <= count; sequence++)
        {
            BitConverter.TryWriteBytes(message.AsSpan(0), (ushort)16);
            BitConverter.TryWriteBytes(message.AsSpan(2), (ushort)500);
            BitConverter.TryWriteBytes(message.AsSpan(4), (ushort)100);
            BitConverter.TryWriteBytes(message.AsSpan(6), (ushort)0);
            BitConverter.TryWriteBytes(message.AsSpan(8), sequence * 1_000_000_000);
            BitConverter.TryWriteBytes(message.AsSpan(16), (ulong)sequence);
            int length = corruptLast && sequence == count ? 10 : message.Length;
            writer.Append(sequence, 500, sequence, sequence, message.AsSpan(0, length));
        }

        writer.Commit();
        return journal;
    }

    /// <summary>Records 1..count: template (seq % 3) + 1, venue time seq * 1000, payload [seq, seq+1, seq+2, seq+3].</summary>
    private string WriteJournal(int count, int segmentSize = 8192)
    {
        string journal = Path.Combine(_root, "journal");
        var options = new JournalOptions { SegmentSize = segmentSize, FsyncPolicy = FsyncPolicy.None, SchemaId = 1, SchemaVersion = 1 };
        using JournalWriter writer = JournalWriter.Open(journal, options);
        for (long sequence = 1; sequence <= count; sequence++)
        {
            byte b = (byte)sequence;
            writer.Append(sequence, (int)(sequence % 3) + 1, sequence * 1000, (sequence * 1000) + 1, [b, (byte)(b + 1), (byte)(b + 2), (byte)(b + 3)]);
        }

        writer.Commit();
        return journal;
    }
}
