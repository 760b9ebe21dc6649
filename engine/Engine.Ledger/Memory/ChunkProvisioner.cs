namespace Engine.Ledger;

/// <summary>
/// One background thread per process that fills <see cref="ChunkSupply{T}"/> requests, so chunked tables grow
/// without their owner (the BLP thread) allocating. Started by the first request; requests are few (one per chunk
/// a table enters), so one thread serves every ledger in the process.
/// <para>
/// A request costs the owner a lock that the provisioner holds only to dequeue, an enqueue into a queue sized for
/// every table a process plausibly grows at once (it allocates only if more are pending together), and a
/// semaphore release: no allocation on the owner's thread (the tick-to-trade harness checks it).
/// </para>
/// </summary>
internal static class ChunkProvisioner
{
    private static readonly Lock s_gate = new();
    private static readonly Queue<IChunkSupply> s_pending = new(256);
    private static readonly SemaphoreSlim s_signal = new(0);
    private static Thread? s_thread;

    public static void Request(IChunkSupply supply)
    {
        lock (s_gate)
        {
            s_pending.Enqueue(supply);
            if (s_thread is null)
            {
                s_thread = new Thread(Run) { IsBackground = true, Name = "ledger-chunk-provisioner" };
                s_thread.Start();
            }
        }

        s_signal.Release();
    }

    private static void Run()
    {
        while (true)
        {
            s_signal.Wait();
            IChunkSupply next;
            lock (s_gate)
            {
                next = s_pending.Dequeue();
            }

            next.Fill();
        }
    }
}
