using System.Buffers.Binary;
using Engine.Journal.Format;
using Engine.Journal.Reading;
using Engine.Journal.Segments;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

[TestFixture]
public sealed class JournalRecoveryTests
{
    [Test]
    public void TornTail_PartialLastRecord_IsTruncatedAndReported()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 100);
        (string file, int offset) = PositionOf(dir.Path, 100);
        // A crash mid-write: the last record's payload is half there and its checksum no longer matches.
        PatchByte(file, offset + RecordDescriptor.HeaderLength + 2, 0xFF);

        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            Assert.That(writer.Recovery.TornTailFile, Is.EqualTo(file));
            Assert.That(writer.Recovery.TornTailOffset, Is.EqualTo(offset));
            Assert.That(writer.Recovery.LastSequence, Is.EqualTo(99));
            Assert.That(writer.NextSequence, Is.EqualTo(100));
            JournalFixture.AppendRange(writer, 50);
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(149));
    }

    [Test]
    public void TornTail_GarbageAfterTheLastRecord_IsZeroedAndReported()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 10);
        (string file, int offset) = PositionOf(dir.Path, 10);
        int end = offset + RecordDescriptor.Align(RecordDescriptor.HeaderLength + JournalFixture.PayloadLength(10));
        // A record whose body was written but whose length word was not published yet.
        for (int i = 8; i < 40; i++)
        {
            PatchByte(file, end + i, (byte)i);
        }

        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        Assert.That(writer.Recovery.TornTailFile, Is.EqualTo(file));
        Assert.That(writer.Recovery.TornTailBytes, Is.GreaterThan(0));
        Assert.That(writer.NextSequence, Is.EqualTo(11));
    }

    [Test]
    public void TornTail_RecordsWrittenWithoutTheirLengthWords_AreATornTailNotDamage()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 20, segmentSize: 1024 * 1024);
        int[] offsets = new int[6];
        string file = string.Empty;
        for (int i = 0; i < offsets.Length; i++)
        {
            (file, offsets[i]) = PositionOf(dir.Path, 15 + i);
        }

        // What a crash between the writer's two writes of a batch leaves (see JournalWriter): the batch's records
        // are in the file whole, checksums included, but every length word is still zero. Nothing of it was
        // acknowledged, so it must read as a torn tail, not as damage followed by valid records.
        foreach (int offset in offsets)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
            stream.Position = offset + RecordDescriptor.LengthOffset;
            stream.Write(new byte[sizeof(int)]);
        }

        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(segmentSize: 1024 * 1024)))
        {
            Assert.That(writer.Recovery.TornTailFile, Is.EqualTo(file));
            Assert.That(writer.Recovery.TornTailOffset, Is.EqualTo(offsets[0]));
            Assert.That(writer.NextSequence, Is.EqualTo(15));
            JournalFixture.AppendRange(writer, 10);
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(24));
    }

    [Test]
    public void MidJournalCorruption_IsRefusedWithFileOffsetAndSequence()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 100, segmentSize: 1024 * 1024);
        (string file, int offset) = PositionOf(dir.Path, 40);
        PatchByte(file, offset + RecordDescriptor.HeaderLength, 0xEE);

        JournalCorruptionException? error = Assert.Throws<JournalCorruptionException>(
            () => JournalWriter.Open(dir.Path, JournalFixture.Options(segmentSize: 1024 * 1024)).Dispose());
        Assert.That(error!.File, Is.EqualTo(file));
        Assert.That(error.Offset, Is.EqualTo(offset));
        Assert.That(error.ExpectedSequence, Is.EqualTo(40));
        Assert.That(error.Message, Does.Contain(file).And.Contain($"offset {offset}").And.Contain("sequence 40").And.Contain("CRC32C"));

        // Readers refuse it the same way, and nothing was modified.
        Assert.Throws<JournalCorruptionException>(() => JournalFixture.ReadAndCheck(dir.Path));
    }

    [Test]
    public void MidJournalCorruption_WithRepair_IsTruncatedAndReported()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 1000);
        (string file, int offset) = PositionOf(dir.Path, 400);
        int segmentsBefore = JournalDirectory.List(dir.Path).Count;
        PatchByte(file, offset + RecordDescriptor.SequenceOffset, 0x55);

        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options() with { Repair = true }))
        {
            Assert.That(writer.Recovery.RepairedFile, Is.EqualTo(file));
            Assert.That(writer.Recovery.RepairedOffset, Is.EqualTo(offset));
            Assert.That(writer.Recovery.DiscardedSegments, Is.GreaterThan(0));
            Assert.That(writer.Recovery.ToString(), Does.Contain("REPAIRED"));
            Assert.That(writer.NextSequence, Is.EqualTo(400));
            JournalFixture.AppendRange(writer, 10);
        }

        Assert.That(segmentsBefore, Is.GreaterThan(JournalDirectory.List(dir.Path).Count - 1));
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(409));
    }

    [Test]
    public void DamageInAClosedSegment_IsRefusedEvenAtItsEnd()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 1000);
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(dir.Path);
        long lastOfFirst = BaseOf(segments[1]) - 1;
        (string file, int offset) = PositionOf(dir.Path, lastOfFirst);
        Assert.That(file, Is.EqualTo(segments[0].Path));
        PatchByte(file, offset + RecordDescriptor.HeaderLength, 0x01);

        JournalCorruptionException? error = Assert.Throws<JournalCorruptionException>(
            () => JournalWriter.Open(dir.Path, JournalFixture.Options()).Dispose());
        Assert.That(error!.Message, Does.Contain("not the last"));
    }

    [Test]
    public void MissingSegment_IsReportedWithItsNeighbours()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 1000);
        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(dir.Path);
        File.Delete(segments[2].Path);

        JournalFormatException? error = Assert.Throws<JournalFormatException>(() => JournalReader.Open(dir.Path).Dispose());
        Assert.That(error!.Message, Does.Contain("segment 2 is missing"));
    }

    [Test]
    public void ForeignFile_NamedLikeASegment_IsRejectedAsNotAJournal()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, SegmentDescriptor.FileName(0)), new string('x', 8192));

        JournalFormatException? error = Assert.Throws<JournalFormatException>(() => JournalReader.Open(dir.Path).TryRead(out _));
        Assert.That(error!.Message, Does.Contain("not a journal segment").And.Contain(SegmentDescriptor.FileName(0)));
    }

    [Test]
    public void FutureFormatVersion_IsRejectedWithUpgradeAdvice()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 5);
        string file = JournalDirectory.List(dir.Path)[0].Path;
        byte[] header = new byte[SegmentDescriptor.HeaderLength];
        using (var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.ReadExactly(header);
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(SegmentDescriptor.FormatVersionOffset), 99);
            BinaryPrimitives.WriteUInt32LittleEndian(
                header.AsSpan(SegmentDescriptor.HeaderChecksumOffset), RecordChecksum.Compute(header.AsSpan(0, SegmentDescriptor.HeaderChecksumOffset)));
            stream.Position = 0;
            stream.Write(header);
        }

        JournalFormatException? error = Assert.Throws<JournalFormatException>(
            () => JournalWriter.Open(dir.Path, JournalFixture.Options()).Dispose());
        Assert.That(error!.Message, Does.Contain("format version 99").And.Contain("upgrade"));
    }

    [Test]
    public void NewerSchemaVersion_IsRefusedByAnOlderWriter()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options() with { SchemaVersion = 3 }))
        {
            JournalFixture.AppendRange(writer, 3);
        }

        JournalFormatException? error = Assert.Throws<JournalFormatException>(
            () => JournalWriter.Open(dir.Path, JournalFixture.Options() with { SchemaVersion = 2 }).Dispose());
        Assert.That(error!.Message, Does.Contain("schema version 3"));
    }

    [Test]
    public void LeftoverTemporaryFile_IsRemovedOnOpen()
    {
        using var dir = new TempDirectory();
        WriteJournal(dir.Path, 5);
        string leftover = Path.Combine(dir.Path, SegmentDescriptor.FileName(1) + SegmentDescriptor.TemporaryFileExtension);
        File.WriteAllBytes(leftover, new byte[100]);

        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        Assert.That(File.Exists(leftover), Is.False);
        Assert.That(writer.NextSequence, Is.EqualTo(6));
    }

    internal static void WriteJournal(string directory, long count, int segmentSize = JournalFixture.SmallSegment)
    {
        using JournalWriter writer = JournalWriter.Open(directory, JournalFixture.Options(segmentSize: segmentSize));
        JournalFixture.AppendRange(writer, count);
    }

    internal static (string File, int Offset) PositionOf(string directory, long sequence)
    {
        using JournalReader reader = JournalReader.Open(directory);
        while (reader.TryRead(out JournalRecord record))
        {
            if (record.Sequence == sequence)
            {
                string file = JournalDirectory.List(directory)[(int)(record.Position.SegmentIndex - JournalDirectory.List(directory)[0].Index)].Path;
                return (file, record.Position.Offset);
            }
        }

        throw new InvalidOperationException($"sequence {sequence} not found");
    }

    internal static void PatchByte(string file, long offset, byte value)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = offset;
        int old = stream.ReadByte();
        stream.Position = offset;
        stream.WriteByte(old == value ? (byte)~value : value);
    }

    private static long BaseOf(SegmentFile segment)
    {
        using SegmentImage image = SegmentImage.Open(segment);
        return image.Header.BaseSequence;
    }
}
