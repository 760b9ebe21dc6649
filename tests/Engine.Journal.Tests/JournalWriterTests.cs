using Engine.Journal.Format;
using Engine.Journal.Reading;
using Engine.Journal.Segments;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

[TestFixture]
public sealed class JournalWriterTests
{
    [TestCase(FsyncPolicy.None)]
    [TestCase(FsyncPolicy.PerBatch)]
    [TestCase(FsyncPolicy.EveryRecord)]
    public void Append_ManyRecordsAcrossSegments_ReadBackInOrderWithContent(FsyncPolicy policy)
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(policy)))
        {
            JournalFixture.AppendRange(writer, 2000);
            Assert.That(writer.DurableSequence, Is.EqualTo(2000));
        }

        Assert.That(JournalDirectory.List(dir.Path), Has.Count.GreaterThan(5), "small segments must roll");
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(2000));
    }

    [Test]
    public void PrepareAhead_BetweenSmallCommitsUnderFsyncNone_LeavesEveryRecordReadable_UpToEachSegmentsEnd()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(FsyncPolicy.None, 64 * 1024)))
        {
            for (int i = 0; i < 400; i++)
            {
                // Small commits go through the mapping; PrepareAhead maps ahead of them, capped at each segment's end.
                JournalFixture.AppendRange(writer, 3, batch: 3);
                writer.PrepareAhead();
            }
        }

        Assert.That(JournalDirectory.List(dir.Path), Has.Count.GreaterThan(1), "the segments must roll");
        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(1200));
    }

    [Test]
    public void Reopen_ContinuesAfterTheLastRecord()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            JournalFixture.AppendRange(writer, 300);
        }

        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options()))
        {
            Assert.That(writer.NextSequence, Is.EqualTo(301));
            Assert.That(writer.Recovery.CreatedNew, Is.False);
            Assert.That(writer.Recovery.TornTailFile, Is.Null);
            JournalFixture.AppendRange(writer, 300);
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(600));
    }

    [TestCase(FsyncPolicy.None)]
    [TestCase(FsyncPolicy.PerBatch)]
    [TestCase(FsyncPolicy.EveryRecord)]
    public void Append_RecordLargerThanTheStagingBuffer_IsWrittenWholeBetweenSmallOnes(FsyncPolicy policy)
    {
        using var dir = new TempDirectory();
        byte[] large = new byte[JournalWriter.StagingCapacity + 1001];
        new Random(3).NextBytes(large);
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(policy, 1024 * 1024)))
        {
            writer.Append(1, 1, 10, 11, [1, 2, 3]);
            writer.Append(2, 2, 20, 21, large);
            writer.Append(3, 3, 30, 31, [4, 5]);
            writer.Commit();
            Assert.That(writer.DurableSequence, Is.EqualTo(3));
        }

        using (JournalReader reader = JournalReader.Open(dir.Path))
        {
            Assert.That(reader.TryRead(out JournalRecord first), Is.True);
            Assert.That(first.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
            Assert.That(reader.TryRead(out JournalRecord second), Is.True);
            Assert.That((second.Sequence, second.TemplateId, second.ExchangeTime, second.EngineTime), Is.EqualTo((2L, 2, 20L, 21L)));
            Assert.That(second.Payload.SequenceEqual(large), Is.True);
            Assert.That(reader.TryRead(out JournalRecord third), Is.True);
            Assert.That(third.Payload.ToArray(), Is.EqualTo(new byte[] { 4, 5 }));
            Assert.That(reader.TryRead(out _), Is.False);
            Assert.That(reader.TornTail, Is.Null);
        }

        Assert.That(Verification.JournalVerifier.Verify(dir.Path).Records, Is.EqualTo(3));
    }

    [Test]
    public void Commit_OfABatchLargerThanTheStagingBuffer_WritesEveryRecord()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(FsyncPolicy.PerBatch, 4 * 1024 * 1024)))
        {
            // About 1 MB in one batch: the staging buffer is written out several times before the commit.
            JournalFixture.AppendRange(writer, 10_000, batch: 10_000);
            Assert.That(writer.DurableSequence, Is.EqualTo(10_000));
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path), Is.EqualTo(10_000));
    }

    [Test]
    public void Append_SequenceGap_IsRejected()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        writer.Append(1, 1, 0, 0, [1, 2, 3]);
        Assert.That(
            () => writer.Append(3, 1, 0, 0, [1]),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("got 3, expected 2"));
    }

    [Test]
    public void Append_PayloadLargerThanASegment_IsRejected()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options());
        byte[] big = new byte[writer.MaxPayloadLength + 1];
        Assert.That(() => writer.Append(1, 1, 0, 0, big), Throws.TypeOf<ArgumentOutOfRangeException>());
        byte[] largest = new byte[writer.MaxPayloadLength];
        writer.Append(1, 1, 0, 0, largest);
        writer.Append(2, 1, 0, 0, largest);
        writer.Commit();
        Assert.That(writer.DurableSequence, Is.EqualTo(2));
    }

    [Test]
    public void DurableSequence_PerBatch_AdvancesOnlyAtCommit()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(FsyncPolicy.PerBatch));
        writer.Append(1, 1, 0, 0, [1]);
        writer.Append(2, 1, 0, 0, [2]);
        Assert.That(writer.DurableSequence, Is.Zero);
        writer.Commit();
        Assert.That(writer.DurableSequence, Is.EqualTo(2));
    }

    [Test]
    public void DurableSequence_EveryRecord_AdvancesWithEachAppend()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(FsyncPolicy.EveryRecord));
        writer.Append(1, 1, 0, 0, [1]);
        Assert.That(writer.DurableSequence, Is.EqualTo(1));
    }

    [Test]
    public void FirstSequence_StartsANewJournalThere()
    {
        using var dir = new TempDirectory();
        using (JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options() with { FirstSequence = 1000 }))
        {
            Assert.That(writer.NextSequence, Is.EqualTo(1000));
            JournalFixture.AppendRange(writer, 10);
        }

        Assert.That(JournalFixture.ReadAndCheck(dir.Path, 1000), Is.EqualTo(1009));
    }

    [TestCase(FsyncPolicy.None)]
    [TestCase(FsyncPolicy.PerBatch)]
    public void Append_SteadyState_AllocatesNothing(FsyncPolicy policy)
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(policy, 8 * 1024 * 1024));
        byte[] payload = new byte[100];
        long sequence = 1;
        for (int i = 0; i < 1000; i++)
        {
            writer.Append(sequence++, 1, 2, 3, payload);
        }

        writer.Commit();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int batch = 0; batch < 100; batch++)
        {
            for (int i = 0; i < 100; i++)
            {
                writer.Append(sequence++, 1, 2, 3, payload);
            }

            writer.Commit();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(allocated, Is.Zero);
        Assert.That(writer.DurableSequence, Is.EqualTo(sequence - 1));
    }

    [Test]
    public void Stage_AppendsEachEvent_AndCommitsAtEndOfBatch()
    {
        using var dir = new TempDirectory();
        using JournalWriter writer = JournalWriter.Open(dir.Path, JournalFixture.Options(FsyncPolicy.PerBatch));
        var stage = new JournalStage<TestSlot, TestSlotAccessor>(writer);
        var slot = new TestSlot { TemplateId = 9, ExchangeTime = 5, EngineTime = 6, Payload = [1, 2, 3] };
        stage.OnEvent(ref slot, 1, endOfBatch: false);
        stage.OnEvent(ref slot, 2, endOfBatch: false);
        Assert.That(stage.DurableSequence, Is.Zero);
        stage.OnEvent(ref slot, 3, endOfBatch: true);
        Assert.That(stage.DurableSequence, Is.EqualTo(3));

        using JournalReader reader = JournalReader.Open(dir.Path);
        Assert.That(reader.TryRead(out JournalRecord record), Is.True);
        Assert.That(record.TemplateId, Is.EqualTo(9));
        Assert.That(record.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
    }

    [Test]
    public void Checksum_MatchesTheStandardCrc32cCheckValue()
    {
        // The CRC-32C catalogue check value: CRC of ASCII "123456789".
        Assert.That(RecordChecksum.Compute("123456789"u8), Is.EqualTo(0xE3069283u));
    }

    private struct TestSlot
    {
        public int TemplateId;
        public long ExchangeTime;
        public long EngineTime;
        public byte[] Payload;
    }

    private readonly struct TestSlotAccessor : IJournalSlotAccessor<TestSlot>
    {
        public static int TemplateId(ref TestSlot slot) => slot.TemplateId;

        public static long ExchangeTime(ref TestSlot slot) => slot.ExchangeTime;

        public static long EngineTime(ref TestSlot slot) => slot.EngineTime;

        public static ReadOnlySpan<byte> Payload(ref TestSlot slot) => slot.Payload;
    }
}
