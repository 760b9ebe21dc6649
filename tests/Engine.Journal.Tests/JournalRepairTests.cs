using System.Buffers.Binary;
using Engine.Journal.Format;
using Engine.Journal.Repair;
using Engine.Journal.Segments;

namespace Engine.Journal.Tests;

/// <summary>
/// <see cref="JournalRepair"/> over real journal files damaged the ways disks and operators damage them: the journal
/// is cut at the first bad record, the rest is kept aside, and the result reads and continues like any journal.
/// </summary>
[TestFixture]
public sealed class JournalRepairTests
{
    private static readonly DateTimeOffset s_now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public void FindDamage_IntactJournal_FindsNone()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 500);

        Assert.That(JournalRepair.FindDamage(dir.Path), Is.Null);
        Assert.That(JournalRepair.Repair(dir.Path, s_now).Repaired, Is.False);
        Assert.That(Directory.GetDirectories(dir.Path), Is.Empty);
    }

    [Test]
    public unsafe void Repair_RecordWithAValidChecksumButTheWrongSequence_IsCutThere_AndQuarantinedWithTheRest()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 100, segmentSize: 1024 * 1024);
        (string file, int offset) = JournalRecoveryTests.PositionOf(dir.Path, 50);
        byte[] bytes = File.ReadAllBytes(file);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(offset + RecordDescriptor.SequenceOffset), 49);
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset));
        fixed (byte* record = &bytes[offset])
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + RecordDescriptor.ChecksumOffset), RecordChecksum.OfRecord(record, length));
        }

        File.WriteAllBytes(file, bytes);

        JournalRepairReport report = JournalRepair.Repair(dir.Path, s_now);

        Assert.That(report.Damage!.Reason, Is.EqualTo("sequence 49 breaks continuity"));
        Assert.That(report.Damage.Offset, Is.EqualTo(offset));
        Assert.That(report.LastKeptSequence, Is.EqualTo(49));
        Assert.That(report.Quarantined.Select(r => r.Sequence), Is.EqualTo(new long[] { 49 }.Concat(Enumerable.Range(51, 50).Select(i => (long)i))));
        Assert.That(report.Unreadable, Is.EqualTo(new[] { (50L, 50L) }));
        Assert.That(report.Lines(), Has.Some.EqualTo($"quarantined: 51 readable records (sequences 49, 51..100) in {report.QuarantineFile}"));
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(49));
    }

    [Test]
    public void Repair_MissingSegment_EndsTheJournalBeforeIt_AndQuarantinesTheLaterSegmentsRecords()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 1000);
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(dir.Path);
        Assert.That(segments, Has.Count.GreaterThanOrEqualTo(4));
        long lastOfFirst = LastSequenceOf(dir.Path, 0);
        long lastOfSecond = LastSequenceOf(dir.Path, 1);
        File.Delete(segments[1].Path);

        JournalRepairReport report = JournalRepair.Repair(dir.Path, s_now);

        Assert.That(report.Damage!.WholeSegment, Is.True);
        Assert.That(report.Damage.File, Is.Null);
        Assert.That(report.Damage.Reason, Is.EqualTo("segment 1 is missing"));
        Assert.That(report.LastKeptSequence, Is.EqualTo(lastOfFirst));
        Assert.That(report.Quarantined.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range((int)lastOfSecond + 1, 1000 - (int)lastOfSecond).Select(i => (long)i)));
        Assert.That(report.Unreadable, Is.EqualTo(new[] { (lastOfFirst + 1, lastOfSecond) }));
        Assert.That(report.RemovedSegments, Has.Count.EqualTo(segments.Count - 2));
        Assert.That(JournalDirectory.List(dir.Path), Has.Count.EqualTo(1));
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(lastOfFirst));
    }

    [Test]
    public void Repair_DamagedHeaderOfALaterSegment_TakesTheSegmentOut_AndStillQuarantinesItsReadableRecords()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 1000);
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(dir.Path);
        long lastOfSecond = LastSequenceOf(dir.Path, 1);
        JournalRecoveryTests.PatchByte(segments[2].Path, SegmentDescriptor.BaseSequenceOffset, 0x77);

        JournalRepairReport report = JournalRepair.Repair(dir.Path, s_now);

        Assert.That(report.Damage!.WholeSegment, Is.True);
        Assert.That(report.Damage.File, Is.EqualTo(segments[2].Path));
        Assert.That(report.Damage.Reason, Does.Contain("segment header is damaged"));
        Assert.That(report.LastKeptSequence, Is.EqualTo(lastOfSecond));
        Assert.That(report.Quarantined.Select(r => r.Sequence), Is.EqualTo(Enumerable.Range((int)lastOfSecond + 1, 1000 - (int)lastOfSecond).Select(i => (long)i)));
        Assert.That(report.Unreadable, Is.Empty);
        Assert.That(File.Exists(Path.Combine(report.RepairFolder!, Path.GetFileName(segments[2].Path))), Is.True);
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(lastOfSecond));
    }

    [Test]
    public void Repair_DamagedHeaderOfTheFirstSegment_IsRefused_AndChangesNothing()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 100);
        string first = JournalDirectory.List(dir.Path)[0].Path;
        JournalRecoveryTests.PatchByte(first, SegmentDescriptor.SchemaIdOffset, 0x42);
        byte[] before = File.ReadAllBytes(first);

        JournalFormatException error = Assert.Throws<JournalFormatException>(() => JournalRepair.Repair(dir.Path, s_now))!;

        Assert.That(error.Message, Does.Contain(first).And.Contain("first segment").And.Contain("move the directory aside"));
        Assert.That(File.ReadAllBytes(first), Is.EqualTo(before));
        Assert.That(Directory.GetDirectories(dir.Path), Is.Empty);
    }

    [Test]
    public void Repair_SegmentOfANewerFormat_IsRefused_NotTreatedAsDamage()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 1000);
        string second = JournalDirectory.List(dir.Path)[1].Path;
        JournalRecoveryTests.PatchByte(second, SegmentDescriptor.FormatVersionOffset, SegmentDescriptor.CurrentFormatVersion + 1);

        JournalFormatException error = Assert.Throws<JournalFormatException>(() => JournalRepair.Repair(dir.Path, s_now))!;

        Assert.That(error.Message, Does.Contain(second).And.Contain("newer than this engine reads"));
        Assert.That(Directory.GetDirectories(dir.Path), Is.Empty);
    }

    [Test]
    public void Repair_ClosedSegmentCutShortOnlyAfterItsEndMarker_IsRestoredToFullSize_AndNothingIsLost()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 1000);
        string first = JournalDirectory.List(dir.Path)[0].Path;
        long lastOfFirst = LastSequenceOf(dir.Path, 0);
        (string _, int offset) = JournalRecoveryTests.PositionOf(dir.Path, lastOfFirst);
        int end = offset + RecordDescriptor.Align(RecordDescriptor.HeaderLength + JournalFixture.PayloadLength(lastOfFirst)) + RecordDescriptor.Alignment;
        using (var stream = new FileStream(first, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(end);
        }

        JournalRepairReport report = JournalRepair.Repair(dir.Path, s_now);

        Assert.That(report.Repaired, Is.False);
        Assert.That(report.RestoredSegments, Is.EqualTo(new[] { first }));
        Assert.That(new FileInfo(first).Length, Is.EqualTo(JournalFixture.SmallSegment));
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(1000));
    }

    private static long LastSequenceOf(string directory, long segmentIndex)
    {
        long last = -1;
        using Reading.JournalReader reader = Reading.JournalReader.Open(directory);
        while (reader.TryRead(out Reading.JournalRecord record))
        {
            if (record.Position.SegmentIndex == segmentIndex)
            {
                last = record.Sequence;
            }
        }

        return last;
    }
}
