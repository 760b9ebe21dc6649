namespace Engine.Host;

/// <summary>
/// Hands the newest StateHash checkpoint from the thread that applies inputs (which computed it) to the thread that
/// journals inputs (which turns it into a StateHashCheckpoint input): one slot, a sequence lock, no allocation. The
/// reader sees a checkpoint whole or not at all; a checkpoint overwritten before it was taken is simply superseded
/// (the newer one is as good). One writer thread, one reader thread.
/// </summary>
public sealed class CheckpointMailbox
{
    // Odd while the writer is writing; the reader retries then.
    private long _version;
    private long _sequence;
    private long _hash;
    private long _taken;

    /// <summary>Writer: the state hash after applying input <paramref name="sequence"/>.</summary>
    public void Post(long sequence, ulong hash)
    {
        long version = _version;
        Volatile.Write(ref _version, version + 1);
        Interlocked.MemoryBarrier();
        Volatile.Write(ref _sequence, sequence);
        Volatile.Write(ref _hash, (long)hash);
        Volatile.Write(ref _version, version + 2);
    }

    /// <summary>Reader: the newest checkpoint not taken yet, if any.</summary>
    public bool TryTake(out long sequence, out ulong hash)
    {
        while (true)
        {
            long before = Volatile.Read(ref _version);
            if ((before & 1) != 0)
            {
                Thread.SpinWait(1);
                continue;
            }

            sequence = Volatile.Read(ref _sequence);
            hash = (ulong)Volatile.Read(ref _hash);
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref _version) != before)
            {
                continue;
            }

            if (sequence <= _taken)
            {
                return false;
            }

            _taken = sequence;
            return true;
        }
    }
}
