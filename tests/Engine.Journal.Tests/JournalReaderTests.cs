using Engine.Journal.Format;
using Engine.Journal.Maintenance;
using Engine.Journal.Reading;
using Engine.Journal.Segments;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

[TestFixture]
public sealed class JournalReaderTests
{
    // A one-pass reader copies plain segments a window at a time (SegmentWindow): segments of this size hold
    // many windows of the fixture's records.
    private const int WindowedSegment = 4 * 1024 * 1024;

    [Test]
    public void Seek_AnySequence_NextReadReturnsIt()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 5000);
        using JournalReader reader = JournalReader.Open(dir.Path);
        // Walk once so the sparse index has entries, then seek backwards and forwards.
        while (reader.TryRead(out _))
        {
        }

        Assert.That(reader.Index.SparseEntryCount, Is.GreaterThan(0));
        foreach (long target in new long[] { 1, 2, 1023, 1024, 1025, 2500, 4999, 5000 })
        {
            Assert.That(reader.Seek(target), Is.True, $"seek {target}");
            Assert.That(reader.TryRead(out JournalRecord record), Is.True);
            Assert.That(record.Sequence, Is.EqualTo(target));
        }

        // Just past the end is a position (where the writer appends next); further is not.
        Assert.That(reader.Seek(5001), Is.True);
        Assert.That(reader.TryRead(out _), Is.False);
        Assert.That(reader.Seek(5002), Is.False);
        Assert.That(reader.NextSequence, Is.EqualTo(5001));
    }

    [Test]
    public void OneShotReader_ReadsASegmentManyWindowsLong_AndSeeksInsideIt()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 30_000, WindowedSegment);
        Assert.That(JournalDirectory.List(dir.Path), Has.Count.EqualTo(1));
        Assert.That(JournalRecoveryTests.PositionOf(dir.Path, 30_000).Offset, Is.GreaterThan(8 * SegmentWindow.Capacity));
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(30_000));

        using JournalReader reader = JournalReader.Open(dir.Path);
        while (reader.TryRead(out _))
        {
        }

        byte[] expected = new byte[256];
        foreach (long target in new long[] { 29_999, 3, 17_000, 12_345, 30_000 })
        {
            Assert.That(reader.Seek(target), Is.True, $"seek {target}");
            Assert.That(reader.TryRead(out JournalRecord record), Is.True);
            Assert.That(record.Sequence, Is.EqualTo(target));
            Span<byte> want = expected.AsSpan(0, JournalFixture.PayloadLength(target));
            JournalFixture.FillPayload(target, want);
            Assert.That(record.Payload.SequenceEqual(want), Is.True, $"payload of {target}");
        }
    }

    [Test]
    public void OneShotReader_RefusesDamageFarIntoASegment_WithFileOffsetAndSequence()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 30_000, WindowedSegment);
        (string file, int offset) = JournalRecoveryTests.PositionOf(dir.Path, 20_000);
        Assert.That(offset, Is.GreaterThan(SegmentWindow.Capacity));
        JournalRecoveryTests.PatchByte(file, offset + RecordDescriptor.HeaderLength + 1, 0xEE);

        JournalCorruptionException? error = Assert.Throws<JournalCorruptionException>(() => JournalFixture.ReadAndCheck(dir.Path));
        Assert.That((error!.File, error.Offset, error.ExpectedSequence), Is.EqualTo((file, (long)offset, 20_000L)));
        Assert.That(error.Message, Does.Contain("CRC32C").And.Contain("follows"));
    }

    [Test]
    public void OneShotReader_EndsAtATornTailFarIntoASegment()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 30_000, WindowedSegment);
        (string file, int offset) = JournalRecoveryTests.PositionOf(dir.Path, 30_000);
        JournalRecoveryTests.PatchByte(file, offset + RecordDescriptor.HeaderLength + 1, 0xEE);

        using JournalReader reader = JournalReader.Open(dir.Path);
        long read = 0;
        while (reader.TryRead(out _))
        {
            read++;
        }

        Assert.That(read, Is.EqualTo(29_999));
        Assert.That(reader.TornTail, Is.Not.Null);
        Assert.That((reader.TornTail!.File, reader.TornTail.Offset, reader.TornTail.ExpectedSequence), Is.EqualTo((file, offset, 30_000L)));
    }

    [Test]
    public void CompressedClosedSegments_AreReadTransparently()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 3000);
        int plainBefore = JournalDirectory.List(dir.Path).Count;

        int archived = JournalMaintenance.CompressClosedSegments(dir.Path);

        IReadOnlyList<SegmentFile> segments = JournalDirectory.List(dir.Path);
        Assert.That(archived, Is.EqualTo(plainBefore - 1));
        Assert.That(segments.Count(s => s.Compressed), Is.EqualTo(archived));
        Assert.That(segments[^1].Compressed, Is.False, "the newest segment is never archived");
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(3000));

        using (JournalReader reader = JournalReader.Open(dir.Path))
        {
            Assert.That(reader.Seek(1777), Is.True);
            Assert.That(reader.TryRead(out JournalRecord record), Is.True);
            Assert.That(record.Sequence, Is.EqualTo(1777));
        }

        // A writer reopening an archived journal continues in the open tail segment.
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            JournalFixture.AppendRange(writer, 100);
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(3100));
    }

    [Test]
    public void Retention_DeletesOnlyWholeSegmentsBeforeTheSequence()
    {
        using var dir = new TempDirectory();
        JournalRecoveryTests.WriteJournal(dir.Path, 3000);
        int before = JournalDirectory.List(dir.Path).Count;

        int deleted = JournalMaintenance.DeleteSegmentsBefore(dir.Path, 1500);

        Assert.That(deleted, Is.GreaterThan(0).And.LessThan(before));
        using JournalReader reader = JournalReader.Open(dir.Path);
        Assert.That(reader.TryRead(out JournalRecord first), Is.True);
        long firstSequence = first.Sequence;
        Assert.That(firstSequence, Is.LessThanOrEqualTo(1500).And.GreaterThan(1));
        Assert.That(reader.Seek(1500), Is.True);
        Assert.That(() => reader.Seek(1), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("before the first record"));
        long last = firstSequence;
        while (reader.TryRead(out JournalRecord record))
        {
            last = record.Sequence;
        }

        Assert.That(last, Is.EqualTo(3000));
    }

    [Test]
    public void Tailer_FollowsALiveWriterAcrossSegments()
    {
        using var dir = new TempDirectory();
        using JournalTailer tailer = JournalTailer.Open(dir.Path);
        var counter = new CountingHandler();
        Assert.That(tailer.Poll(ref counter, 100), Is.Zero, "no journal yet");

        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        for (int round = 0; round < 20; round++)
        {
            JournalFixture.AppendRange(writer, 97);
            while (tailer.Poll(ref counter, 1000) > 0)
            {
            }

            Assert.That(counter.Last, Is.EqualTo(writer.NextSequence - 1));
        }

        Assert.That(counter.Count, Is.EqualTo(20 * 97));
        Assert.That(JournalDirectory.List(dir.Path), Has.Count.GreaterThan(3));
    }

    [Test]
    public void Tailer_StopsAtTheGivenMaximumSequence_AndStartsWhereAsked()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        JournalFixture.AppendRange(writer, 500);
        using JournalTailer tailer = JournalTailer.Open(dir.Path, fromSequence: 100);
        var counter = new CountingHandler();
        while (tailer.Poll(ref counter, 64, maxSequence: 250) > 0)
        {
        }

        Assert.That(counter.First, Is.EqualTo(100));
        Assert.That(counter.Last, Is.EqualTo(250));
        Assert.That(tailer.NextSequence, Is.EqualTo(251));
    }

    [Test]
    public void Tailer_InAnotherThread_SeesEveryRecordOfAConcurrentWriter() =>
        AssertATailerInAnotherThreadSeesEveryRecord(JournalFixture.Options(), total: 20_000, batch: 50);

    [Test]
    public void Tailer_InAnotherThread_NeverSeesAPartialRecord_WhenBatchesOverflowTheStagingBuffer() =>
        AssertATailerInAnotherThreadSeesEveryRecord(JournalFixture.Options(segmentSize: 1024 * 1024), total: 40_000, batch: 4_000);

    /// <summary>
    /// Under fsync none a commit of at most JournalWriter.MappedCommitLimit bytes is copied into the writer's mapping
    /// and a larger one is written with pwrite: commits of 1, 7 and 300 records (~20 KiB) in turn mix the two ways
    /// within pages and across segment rolls.
    /// </summary>
    [Test]
    public void Tailer_InAnotherThread_SeesEveryRecord_WhenSmallCommitsGoThroughTheMappingAndLargeOnesThroughTheFile()
    {
        int[] batches = [1, 7, 300];
        int round = 0;
        AssertATailerInAnotherThreadSeesEveryRecord(
            JournalFixture.Options(segmentSize: 256 * 1024),
            total: 30_800,
            writer =>
            {
                while (writer.NextSequence <= 30_800)
                {
                    int batch = (int)Math.Min(batches[round++ % batches.Length], 30_801 - writer.NextSequence);
                    JournalFixture.AppendRange(writer, batch, batch);
                }
            });
        Assert.That(round, Is.GreaterThan(200));
    }

    /// <summary>Appends <paramref name="total"/> records in commits of <paramref name="batch"/> (see the other overload).</summary>
    private static void AssertATailerInAnotherThreadSeesEveryRecord(JournalOptions options, long total, int batch) =>
        AssertATailerInAnotherThreadSeesEveryRecord(options, total, writer => JournalFixture.AppendRange(writer, total, batch: batch));

    /// <summary>
    /// Runs <paramref name="write"/> (appending <paramref name="total"/> records) while a tailer on another thread
    /// reads them: it must see every one, and never a torn tail (a positive length word with the rest of its record
    /// not yet visible would read as one).
    /// </summary>
    private static void AssertATailerInAnotherThreadSeesEveryRecord(JournalOptions options, long total, Action<JournalWriter> write)
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, options);
        long seen = 0;
        Exception? failure = null;
        var reader = new Thread(() =>
        {
            try
            {
                using JournalTailer tailer = JournalTailer.Open(dir.Path);
                var counter = new CountingHandler();
                while (counter.Last < total)
                {
                    int delivered = tailer.Poll(ref counter, 256);
                    if (tailer.TornTail is { } torn)
                    {
                        throw new InvalidOperationException($"torn tail at {torn.Offset}: {torn.Reason}");
                    }

                    if (delivered == 0)
                    {
                        Thread.Yield();
                    }
                }

                seen = counter.Count;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
                failure = e;
            }
        });
        reader.Start();
        write(writer);
        Assert.That(reader.Join(TimeSpan.FromSeconds(60)), Is.True);
        Assert.That(failure, Is.Null);
        Assert.That(seen, Is.EqualTo(total));
    }

    private struct CountingHandler : IJournalRecordHandler
    {
        public long Count;
        public long First;
        public long Last;

        public void OnRecord(in JournalRecord record)
        {
            if (Count == 0)
            {
                First = record.Sequence;
            }
            else if (record.Sequence != Last + 1)
            {
                throw new InvalidOperationException($"gap: {Last} then {record.Sequence}");
            }

            Last = record.Sequence;
            Count++;
            Span<byte> want = stackalloc byte[256];
            want = want[..JournalFixture.PayloadLength(record.Sequence)];
            JournalFixture.FillPayload(record.Sequence, want);
            if (!record.Payload.SequenceEqual(want))
            {
                throw new InvalidOperationException($"payload of {record.Sequence} differs");
            }
        }
    }
}
