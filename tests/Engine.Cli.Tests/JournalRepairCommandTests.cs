using System.Text.Json;
using Engine.Journal.Format;
using Engine.Journal.Maintenance;
using Engine.Journal.Reading;
using Engine.Journal.Snapshots;
using Engine.Journal.Writing;

namespace Engine.Cli.Tests;

/// <summary>
/// <c>engine journal repair</c>, run as the real <c>engine</c> process over damaged copies of a real demo journal (the
/// engine and the simulated venue gateway over IPC, as a user runs it) and of small multi-segment journals: the journal is cut at the first bad record, verifies and replays again, the
/// original bytes are kept, and the readable records after the cut are quarantined and reported.
/// </summary>
[TestFixture]
public sealed class JournalRepairCommandTests
{
    private TemporaryDirectory _demo = null!;
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [OneTimeSetUp]
    public void RunDemo()
    {
        _demo = new TemporaryDirectory("engine-cli-repair-demo");
        EngineRun run = EngineProcess.Run("demo", "--seconds", "3", "--seed", "3", "--data-dir", Path.Combine(_demo.Path, "data"));
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
    }

    [OneTimeTearDown]
    public void DeleteDemo() => _demo.Dispose();

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-repair");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void Repair_FlippedByteMidSegment_CutsThere_QuarantinesEveryLaterRecord_AndTheJournalVerifiesAndReplays()
    {
        string data = CopyDemo();
        string journal = Path.Combine(data, "journal");
        Dictionary<long, JournalPosition> positions = Positions(journal);
        long last = positions.Count;
        long damaged = last / 2;
        string segment = FlipPayloadByte(journal, positions[damaged]);
        byte[] damagedBytes = File.ReadAllBytes(segment);

        EngineRun verify = EngineProcess.Run("journal", "verify", data);
        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.StandardError, Does.Contain($"run 'engine journal repair {journal}'"));

        EngineRun repair = EngineProcess.Run("journal", "repair", data);

        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        Assert.That(repair.StandardOutput, Does.Contain($"at offset {positions[damaged].Offset}, expected sequence {damaged}: CRC32C mismatch"));
        Assert.That(repair.StandardOutput, Does.Contain($"kept: every record up to sequence {damaged - 1}"));
        Assert.That(repair.StandardOutput, Does.Contain($"lost from the journal: sequences {damaged}..{last}"));
        Assert.That(repair.StandardOutput, Does.Contain($"quarantined: {last - damaged} readable records (sequences {damaged + 1}..{last})"));
        Assert.That(repair.StandardOutput, Does.Contain($"unreadable: sequences {damaged}\n"));
        string folder = RepairFolder(journal);
        Assert.That(File.ReadAllBytes(Path.Combine(folder, Path.GetFileName(segment))), Is.EqualTo(damagedBytes), "the original bytes are kept");
        long[] quarantined = QuarantinedSequences(folder);
        Assert.That(quarantined, Is.EqualTo(Range(damaged + 1, last)));

        EngineRun verified = EngineProcess.Run("journal", "verify", journal);
        Assert.That(verified.ExitCode, Is.Zero, verified.StandardError);
        Assert.That(verified.StandardOutput, Does.Contain($"records: {damaged - 1}, sequences 1..{damaged - 1}"));
        EngineRun replay = EngineProcess.Run("journal", "replay", journal);
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain($"records: {damaged - 1} (last sequence {damaged - 1})").And.Contain("trial balance zero"));
    }

    [Test]
    public void Repair_TruncatedSegment_CutsAtTheTornRecord_RestoresTheFileSize_AndKeepsTheTruncatedOriginal()
    {
        string data = CopyDemo();
        string journal = Path.Combine(data, "journal");
        Dictionary<long, JournalPosition> positions = Positions(journal);
        long torn = positions.Count * 2 / 3;
        string segment = Path.Combine(journal, SegmentDescriptor.FileName(positions[torn].SegmentIndex));
        long size = new FileInfo(segment).Length;
        using (var stream = new FileStream(segment, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(positions[torn].Offset + 20);
        }

        EngineRun verify = EngineProcess.Run("journal", "verify", journal);
        Assert.That(verify.ExitCode, Is.EqualTo(1));
        Assert.That(verify.StandardError, Does.Contain("truncated").And.Contain($"engine journal repair {journal}"));

        EngineRun repair = EngineProcess.Run("journal", "repair", journal);

        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        Assert.That(repair.StandardOutput, Does.Contain($"expected sequence {torn}: the record runs past the end of the file"));
        Assert.That(repair.StandardOutput, Does.Contain($"kept: every record up to sequence {torn - 1}"));
        Assert.That(repair.StandardOutput, Does.Contain("quarantined: none"));
        Assert.That(new FileInfo(segment).Length, Is.EqualTo(size));
        Assert.That(new FileInfo(Path.Combine(RepairFolder(journal), Path.GetFileName(segment))).Length, Is.EqualTo(positions[torn].Offset + 20));
        Assert.That(QuarantinedSequences(RepairFolder(journal)), Is.Empty);

        EngineRun verified = EngineProcess.Run("journal", "verify", journal);
        Assert.That(verified.ExitCode, Is.Zero, verified.StandardError);
        Assert.That(verified.StandardOutput, Does.Contain($"sequences 1..{torn - 1} without gaps"));
        EngineRun replay = EngineProcess.Run("journal", "replay", journal);
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain($"last sequence {torn - 1}"));
    }

    [Test]
    public void Engine_RefusesADamagedJournal_NamingTheRepairCommand_AndStartsOnceItIsRepaired()
    {
        string data = CopyDemo();
        string journal = Path.Combine(data, "journal");
        Dictionary<long, JournalPosition> positions = Positions(journal);
        FlipPayloadByte(journal, positions[positions.Count / 3]);
        string config = Path.Combine(data, "config", "engine.json");

        EngineRun refused = EngineProcess.Run("run", "--config", config, "--seconds", "1");

        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.StandardError, Does.Contain("corrupt record").And.Contain($"run 'engine journal repair {journal}'"));

        EngineRun repair = EngineProcess.Run("journal", "repair", data);
        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        EngineRun started = EngineProcess.Run("run", "--config", config, "--seconds", "1");
        Assert.That(started.ExitCode, Is.Zero, started.StandardError);
        Assert.That(started.StandardOutput, Does.Contain($"recovered {positions.Count / 3 - 1:N0} inputs"));
    }

    [Test]
    public void Repair_DamageInAnEarlierSegment_MovesTheLaterSegmentsAside_AndQuarantinesTheirRecords()
    {
        string journal = WriteJournal(700);
        Dictionary<long, JournalPosition> positions = Positions(journal);
        long damaged = 250;
        long segmentOfDamage = positions[damaged].SegmentIndex;
        long lastSegment = positions[700].SegmentIndex;
        Assert.That(lastSegment, Is.GreaterThan(segmentOfDamage), "the journal should go on in later segments");
        FlipPayloadByte(journal, positions[damaged]);
        SnapshotStore.Write(journal, 100, 1, [1, 2, 3]);
        SnapshotStore.Write(journal, 400, 2, [4, 5, 6]);

        EngineRun repair = EngineProcess.Run("journal", "repair", journal);

        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        string folder = RepairFolder(journal);
        Assert.That(QuarantinedSequences(folder), Is.EqualTo(Range(damaged + 1, 700)));
        for (long index = segmentOfDamage + 1; index <= lastSegment; index++)
        {
            Assert.That(File.Exists(Path.Combine(journal, SegmentDescriptor.FileName(index))), Is.False);
            Assert.That(File.Exists(Path.Combine(folder, SegmentDescriptor.FileName(index))), Is.True);
            Assert.That(repair.StandardOutput, Does.Contain("removed segment: " + Path.Combine(journal, SegmentDescriptor.FileName(index))));
        }

        Assert.That(SnapshotStore.List(journal), Has.Length.EqualTo(1).And.Some.Contain("00000000000000000100"), "the snapshot after the cut holds lost records");
        Assert.That(Directory.GetFiles(Path.Combine(folder, SnapshotStore.FolderName)), Has.Length.EqualTo(1));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "repair.json")));
        JsonElement lost = report.RootElement.GetProperty("lost");
        Assert.That(lost.GetProperty("firstSequence").GetInt64(), Is.EqualTo(damaged));
        Assert.That(lost.GetProperty("lastSequence").GetInt64(), Is.EqualTo(700));
        Assert.That(report.RootElement.GetProperty("damage").GetProperty("segmentIndex").GetInt64(), Is.EqualTo(segmentOfDamage));

        EngineRun verified = EngineProcess.Run("journal", "verify", journal);
        Assert.That(verified.ExitCode, Is.Zero, verified.StandardError);
        Assert.That(verified.StandardOutput, Does.Contain($"records: {damaged - 1}, sequences 1..{damaged - 1}"));
        using JournalWriter writer = JournalWriter.Open(journal, Options());
        Assert.That(writer.Recovery.LastSequence, Is.EqualTo(damaged - 1), "the engine's writer continues right after the cut");
    }

    [Test]
    public void Repair_DamagedArchivedSegment_EndsTheJournalBeforeIt_AndReportsItsSequencesUnreadable()
    {
        string journal = WriteJournal(700);
        Dictionary<long, JournalPosition> positions = Positions(journal);
        Assert.That(JournalMaintenance.CompressClosedSegments(journal), Is.GreaterThanOrEqualTo(2));
        string archive = Path.Combine(journal, SegmentDescriptor.CompressedFileName(1));
        using (var stream = new FileStream(archive, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.Position = 200;
            int value = stream.ReadByte();
            stream.Position = 200;
            stream.WriteByte((byte)(value ^ 0x5A));
        }

        long firstOfSegment1 = positions.Values.Count(p => p.SegmentIndex == 0) + 1;
        long firstOfSegment2 = firstOfSegment1 + positions.Values.Count(p => p.SegmentIndex == 1);

        EngineRun repair = EngineProcess.Run("journal", "repair", journal, "--json");

        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        using JsonDocument report = JsonDocument.Parse(repair.StandardOutput);
        JsonElement damage = report.RootElement.GetProperty("damage");
        Assert.That(damage.GetProperty("wholeSegment").GetBoolean(), Is.True);
        Assert.That(damage.GetProperty("reason").GetString(), Does.Contain("damaged"));
        Assert.That(damage.GetProperty("expectedSequence").GetInt64(), Is.EqualTo(firstOfSegment1));
        JsonElement unreadable = report.RootElement.GetProperty("lost").GetProperty("unreadableSequences")[0];
        Assert.That(unreadable[0].GetInt64(), Is.EqualTo(firstOfSegment1));
        Assert.That(unreadable[1].GetInt64(), Is.EqualTo(firstOfSegment2 - 1));
        Assert.That(QuarantinedSequences(RepairFolder(journal)), Is.EqualTo(Range(firstOfSegment2, 700)));
        Assert.That(File.Exists(archive), Is.False);
        Assert.That(File.Exists(Path.Combine(RepairFolder(journal), Path.GetFileName(archive))), Is.True);

        EngineRun verified = EngineProcess.Run("journal", "verify", journal);
        Assert.That(verified.ExitCode, Is.Zero, verified.StandardError);
        Assert.That(verified.StandardOutput, Does.Contain($"sequences 1..{firstOfSegment1 - 1} without gaps"));
    }

    [Test]
    public void Repair_IntactJournal_ChangesNothing()
    {
        string journal = WriteJournal(300);

        EngineRun repair = EngineProcess.Run("journal", "repair", journal);

        Assert.That(repair.ExitCode, Is.Zero, repair.StandardError);
        Assert.That(repair.StandardOutput, Does.Contain("no damage found; nothing changed").And.Contain("holds sequences 1..300"));
        Assert.That(Directory.GetDirectories(journal, "repair-*"), Is.Empty);
    }

    [Test]
    public void Repair_WhileAWriterHasTheJournalOpen_IsRefused()
    {
        string journal = WriteJournal(20);
        using JournalWriter writer = JournalWriter.Open(journal, Options());

        EngineRun repair = EngineProcess.Run("journal", "repair", journal);

        Assert.That(repair.ExitCode, Is.EqualTo(1));
        Assert.That(repair.StandardError, Does.Contain("is open by a writer").And.Contain("stop the engine"));
    }

    private string CopyDemo()
    {
        string target = Path.Combine(_root, "data");
        string source = Path.Combine(_demo.Path, "data");
        foreach (string directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, directory)));
        }

        foreach (string file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, Path.Combine(target, Path.GetRelativePath(source, file)));
        }

        return target;
    }

    private static JournalOptions Options() => new() { SegmentSize = 8192, FsyncPolicy = FsyncPolicy.None, SchemaId = 1, SchemaVersion = 1 };

    /// <summary>Records 1..count over 8 KiB segments: template (seq % 3) + 1, payload [seq, seq+1, seq+2, seq+3].</summary>
    private string WriteJournal(int count)
    {
        string journal = Path.Combine(_root, "journal");
        using JournalWriter writer = JournalWriter.Open(journal, Options());
        for (long sequence = 1; sequence <= count; sequence++)
        {
            byte b = (byte)sequence;
            writer.Append(sequence, (int)(sequence % 3) + 1, sequence * 1000, (sequence * 1000) + 1, [b, (byte)(b + 1), (byte)(b + 2), (byte)(b + 3)]);
        }

        writer.Commit();
        return journal;
    }

    private static Dictionary<long, JournalPosition> Positions(string journal)
    {
        var positions = new Dictionary<long, JournalPosition>();
        using JournalReader reader = JournalReader.Open(journal);
        while (reader.TryRead(out JournalRecord record))
        {
            positions[record.Sequence] = record.Position;
        }

        return positions;
    }

    /// <summary>Inverts one payload byte of the record at <paramref name="position"/>: its CRC32C no longer matches.</summary>
    private static string FlipPayloadByte(string journal, JournalPosition position)
    {
        string segment = Path.Combine(journal, SegmentDescriptor.FileName(position.SegmentIndex));
        using var stream = new FileStream(segment, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = position.Offset + RecordDescriptor.HeaderLength + 2;
        int value = stream.ReadByte();
        stream.Position--;
        stream.WriteByte((byte)(value ^ 0xFF));
        return segment;
    }

    private static string RepairFolder(string journal)
    {
        string[] folders = Directory.GetDirectories(journal, "repair-*");
        Assert.That(folders, Has.Length.EqualTo(1));
        return folders[0];
    }

    private static long[] QuarantinedSequences(string folder) =>
        File.ReadAllLines(Path.Combine(folder, "quarantine.jsonl"))
            .Select(line =>
            {
                using JsonDocument document = JsonDocument.Parse(line);
                return document.RootElement.GetProperty("seq").GetInt64();
            })
            .ToArray();

    private static long[] Range(long first, long last)
    {
        var sequences = new long[last - first + 1];
        for (long i = 0; i < sequences.Length; i++)
        {
            sequences[i] = first + i;
        }

        return sequences;
    }
}
