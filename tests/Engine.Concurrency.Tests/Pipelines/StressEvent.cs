namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>The slot of the pipeline tests: who published it, its per-producer number, a payload and the stage stamps.</summary>
public struct StressEvent
{
    public int ProducerId;
    public long Value;
    public long Payload;

    /// <summary>Written by the journaller stage: the sequence it saw.</summary>
    public long JournalStamp;

    /// <summary>Written by the replicator stage: the sequence it saw.</summary>
    public long ReplicaStamp;

    /// <summary>A well-mixed payload (SplitMix64 finaliser), so a lost or duplicated event changes the checksum.</summary>
    public static long PayloadOf(int producerId, long value)
    {
        ulong z = unchecked((ulong)value + ((ulong)producerId * 0x9E3779B97F4A7C15UL) + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return unchecked((long)(z ^ (z >> 31)));
    }

    /// <summary>The checksum a consumer must reach for one producer's events 0..count-1.</summary>
    public static long ExpectedChecksum(int producerId, long count)
    {
        long checksum = 0;
        for (long value = 0; value < count; value++)
        {
            checksum = unchecked(checksum + PayloadOf(producerId, value));
        }

        return checksum;
    }
}
