using Engine.Journal.Reading;
using Engine.Journal.Writing;

namespace Engine.Journal.Tests;

/// <summary>Shared helpers: deterministic payloads and a read-everything check.</summary>
public static class JournalFixture
{
    public const int SmallSegment = 16 * 1024;

    public static JournalOptions Options(FsyncPolicy policy = FsyncPolicy.None, int segmentSize = SmallSegment) => new()
    {
        SegmentSize = segmentSize,
        FsyncPolicy = policy,
        SchemaId = 1,
        SchemaVersion = 1,
    };

    public static int PayloadLength(long sequence) => 8 + (int)(sequence * 7 % 120);

    public static void FillPayload(long sequence, Span<byte> payload)
    {
        for (int i = 0; i < payload.Length; i++)
        {
            payload[i] = (byte)(sequence + (i * 13));
        }
    }

    public static void AppendRange(JournalWriter writer, long count, int batch = 10)
    {
        Span<byte> payload = stackalloc byte[256];
        for (long i = 0; i < count; i++)
        {
            long sequence = writer.NextSequence;
            Span<byte> p = payload[..PayloadLength(sequence)];
            FillPayload(sequence, p);
            writer.Append(sequence, (int)(sequence % 5) + 1, sequence * 1000, (sequence * 1000) + 7, p);
            if ((i + 1) % batch == 0)
            {
                writer.Commit();
            }
        }

        writer.Commit();
    }

    /// <summary>Reads the whole journal, checking each record's fields and payload; returns the last sequence.</summary>
    public static long ReadAndCheck(string directory, long firstSequence = 1)
    {
        using JournalReader reader = JournalReader.Open(directory);
        long expected = firstSequence;
        byte[] buffer = new byte[256];
        while (reader.TryRead(out JournalRecord record))
        {
            Assert.That(record.Sequence, Is.EqualTo(expected));
            Assert.That(record.TemplateId, Is.EqualTo((int)(expected % 5) + 1));
            Assert.That(record.ExchangeTime, Is.EqualTo(expected * 1000));
            Assert.That(record.EngineTime, Is.EqualTo((expected * 1000) + 7));
            Span<byte> want = buffer.AsSpan(0, PayloadLength(expected));
            FillPayload(expected, want);
            Assert.That(record.Payload.SequenceEqual(want), Is.True, $"payload of {expected}");
            expected++;
        }

        return expected - 1;
    }
}
