using Engine.Journal.Writing;

namespace Engine.Journal.Postgres.Tests;

/// <summary>A journal in a temporary directory with deterministic records.</summary>
public sealed class TestJournal : IDisposable
{
    public TestJournal(int segmentSize = 256 * 1024)
    {
        Directory = Path.Combine(Path.GetTempPath(), "engine-pg-journal-" + Guid.NewGuid().ToString("N"));
        Writer = JournalWriter.Open(Directory, new JournalOptions
        {
            SegmentSize = segmentSize,
            FsyncPolicy = FsyncPolicy.None,
            SchemaId = 1,
            SchemaVersion = 1,
        });
    }

    public string Directory { get; }

    public JournalWriter Writer { get; }

    public void Append(long count, int batch = 100)
    {
        Span<byte> payload = stackalloc byte[200];
        for (long i = 0; i < count; i++)
        {
            long sequence = Writer.NextSequence;
            Span<byte> p = payload[..(16 + (int)(sequence % 150))];
            for (int j = 0; j < p.Length; j++)
            {
                p[j] = (byte)(sequence ^ j);
            }

            Writer.Append(sequence, (int)(sequence % 3) + 1, sequence * 1_000_000, (sequence * 1_000_000) + 5, p);
            if ((i + 1) % batch == 0)
            {
                Writer.Commit();
            }
        }

        Writer.Commit();
    }

    public void Dispose()
    {
        Writer.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort cleanup of a temp directory.
        }
    }
}
