namespace Engine.Ledger;

/// <summary>
/// The next chunk of an append-only chunked table, made ready off the owner's thread. The owner asks for it
/// (<see cref="Prepare"/>) when it starts writing its last allocated chunk; <see cref="ChunkProvisioner"/>'s thread
/// allocates the chunk and faults its pages in; when the owner fills its last chunk it <see cref="Take"/>s it.
/// <para>
/// Why: a chunk is 0.25 to 1.5 MiB, and allocating and touching one costs the thread that does it about 0.2 ms per
/// MiB (PageTouch) plus the allocation. On the BLP thread that was a stall in the middle of an input every 16,384
/// transfers, and the tick-to-trade harness counted 4.7 MB allocated over 131 K inputs. Made ready ahead, taking a
/// chunk is an exchange of a reference. A table written faster than the provisioner can keep up (half a chunk of
/// appends before the spare is ready) allocates the chunk itself, as before, and counts it in
/// <see cref="InlineAllocations"/>.
/// </para>
/// Thread ownership: <see cref="Prepare"/>, <see cref="Take"/> and <see cref="InlineAllocations"/> belong to the
/// owner; <see cref="IChunkSupply.Fill"/> runs on the provisioner's thread.
/// </summary>
internal sealed class ChunkSupply<T> : IChunkSupply
    where T : unmanaged
{
    private readonly int _length;
    private T[]? _spare;

    // 1 from the owner's request until the provisioner has served it: a second request in between is not queued.
    private int _requested;

    public ChunkSupply(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        _length = length;
    }

    /// <summary>Chunks the owner allocated itself because no spare was ready.</summary>
    public long InlineAllocations { get; private set; }

    /// <summary>Whether a spare is ready now (for tests and diagnostics).</summary>
    public bool IsReady => Volatile.Read(ref _spare) is not null;

    /// <summary>Asks for a spare unless one is ready or asked for; allocation-free on the owner's thread.</summary>
    public void Prepare()
    {
        if (Volatile.Read(ref _spare) is null && Interlocked.Exchange(ref _requested, 1) == 0)
        {
            ChunkProvisioner.Request(this);
        }
    }

    /// <summary>The spare, zeroed and faulted in; or, when none is ready, a chunk allocated here and now.</summary>
    public T[] Take()
    {
        T[]? chunk = Interlocked.Exchange(ref _spare, null);
        if (chunk is not null)
        {
            return chunk;
        }

        InlineAllocations++;
        return Allocate(_length);
    }

    /// <summary>A zeroed chunk with its pages already faulted in.</summary>
    public static T[] Allocate(int length)
    {
        var chunk = new T[length];
        PageTouch.Touch(chunk);
        return chunk;
    }

    void IChunkSupply.Fill()
    {
        try
        {
            if (Volatile.Read(ref _spare) is null)
            {
                Volatile.Write(ref _spare, Allocate(_length));
            }
        }
        catch (OutOfMemoryException)
        {
            // No spare: the owner allocates when it needs the chunk, and meets the shortage itself, on its thread.
        }
        finally
        {
            Volatile.Write(ref _requested, 0);
        }
    }
}
