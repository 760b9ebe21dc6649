namespace Engine.Ledger;

/// <summary>
/// The next chunk of an append-only chunked table, made ready off the owner's thread. The owner asks for it
/// (<see cref="Prepare"/>) when it enters one of its last <see cref="ChunkSupply.RoomAhead"/> + 1 allocated chunks
/// and adds it as soon as it is ready (<see cref="TryTakeReady"/>), so that much room stays ahead;
/// <see cref="ChunkProvisioner"/>'s thread allocates the chunk and faults its pages in. Only an owner that fills its
/// last chunk before then <see cref="Take"/>s it.
/// <para>
/// Why: a chunk is 0.25 to 1.5 MiB, and allocating and touching one costs the thread that does it about 0.2 ms per
/// MiB (PageTouch) plus the allocation. On the BLP thread that was a stall in the middle of an input every 16,384
/// transfers, and the tick-to-trade harness counted 4.7 MB allocated over 131 K inputs. Made ready ahead, taking a
/// chunk is an exchange of a reference. With room for one chunk the tick-to-trade harness found the spare late in
/// most runs: faulting in 1.5 MiB took the provisioner ~4 ms on the standard VM, and the index's chunk, asked for at
/// the same boundary, queued behind it. A table written faster than the provisioner faults pages in (the same
/// harness, ~340 MB/s of transfers and index, outran it in the VM's slow state, when a page fault costs ~10 us)
/// allocates the chunk itself, as before, and counts it in <see cref="InlineAllocations"/>; a session that expects
/// such rates sizes the ledger up front (<see cref="LedgerOptions.InitialTransferCapacity"/>).
/// </para>
/// Thread ownership: <see cref="Prepare"/>, <see cref="Take"/> and <see cref="InlineAllocations"/> belong to the
/// owner; <see cref="IChunkSupply.Fill"/> runs on the provisioner's thread.
/// </summary>
internal static class ChunkSupply
{
    /// <summary>Allocated chunks a growing table keeps beyond the one it writes (fewer while the provisioner is late).</summary>
    public const int RoomAhead = 2;
}

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

    /// <summary>The spare when it is ready (zeroed and faulted in); never allocates.</summary>
    public bool TryTakeReady([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T[]? chunk)
    {
        chunk = Interlocked.Exchange(ref _spare, null);
        return chunk is not null;
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
                T[] chunk = Allocate(_length);

                // Served before published: an owner that takes this spare at once and asks for the next must find
                // no request pending, or its request is lost (seen in tick-to-trade: an index chunk never came). A
                // request that arrives before the spare is published is served by a Fill that finds it and stops.
                Volatile.Write(ref _requested, 0);
                Volatile.Write(ref _spare, chunk);
                return;
            }

            Volatile.Write(ref _requested, 0);
        }
        catch (OutOfMemoryException)
        {
            // No spare: the owner allocates when it needs the chunk, and meets the shortage itself, on its thread.
            Volatile.Write(ref _requested, 0);
        }
    }
}
