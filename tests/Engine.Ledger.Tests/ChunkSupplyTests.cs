using System.Diagnostics;
using Engine.Ledger.Transfers;
using Engine.Primitives;
using static Engine.Ledger.Tests.LedgerFixture;

namespace Engine.Ledger.Tests;

/// <summary>
/// The transfer tables' chunks are made ready on the provisioner's thread (<see cref="ChunkSupply{T}"/>): the thread
/// that records transfers takes them without allocating, and allocates (and counts) only when none is ready.
/// </summary>
[TestFixture]
public sealed class ChunkSupplyTests
{
    [Test]
    public void PreparedChunk_IsTakenWithoutAllocatingOnTheOwnersThread_ZeroedAndWhole()
    {
        var supply = new ChunkSupply<long>(4096);
        supply.Prepare();
        WaitUntil(() => supply.IsReady, "the provisioner to make the chunk ready");

        long before = GC.GetAllocatedBytesForCurrentThread();
        long[] chunk = supply.Take();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(supply.InlineAllocations, Is.Zero);
        Assert.That(chunk, Has.Length.EqualTo(4096).And.All.EqualTo(0L));
        Assert.That(supply.IsReady, Is.False, "taken: the next one is asked for separately");
    }

    [Test]
    public void Take_WithNoChunkReady_AllocatesOnTheOwnersThread_AndCountsIt()
    {
        var supply = new ChunkSupply<long>(4096);

        long[] chunk = supply.Take();

        Assert.That(chunk, Has.Length.EqualTo(4096));
        Assert.That(supply.InlineAllocations, Is.EqualTo(1));
    }

    [Test]
    public void Prepare_TwiceBeforeItIsServed_MakesOneChunk()
    {
        var supply = new ChunkSupply<long>(16);
        supply.Prepare();
        supply.Prepare();
        WaitUntil(() => supply.IsReady, "the provisioner to make the chunk ready");
        supply.Prepare();

        supply.Take();
        Assert.That(supply.IsReady, Is.False);
        Assert.That(supply.InlineAllocations, Is.Zero);
    }

    [Test]
    public void LedgerGrowingThroughSeveralChunks_AllocatesNothingOnItsThread_WhenTheProvisionerKeepsUp()
    {
        var f = new LedgerFixture(new LedgerOptions { InitialTransferCapacity = 16 });
        Ledger ledger = f.Ledger;
        Assert.That(ledger.CreateTransfer(Move(1, f.World, f.Alice, 1_000_000_000), 1), Is.EqualTo(LedgerResult.Ok));
        Func<bool> ready = () => ledger.NextChunksReady;
        int total = (TransferTable.ChunkLength * 3) + 100;
        long failures = 0;
        Thread.Sleep(1);
        WaitUntil(ready, "the first chunks' successors to be ready");    // the first wait allocates (the runtime's, once)

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int id = 2; id <= total; id++)
        {
            // The provisioner is a thread: give it its turn before each chunk boundary instead of racing it.
            if ((id & (TransferTable.ChunkLength - 1)) == 0)
            {
                WaitUntil(ready, "the next chunks to be ready");
            }

            failures += ledger.CreateTransfer(Move(id, f.Alice, f.Bob, 1 + (id % 17)), 2) == LedgerResult.Ok ? 0 : 1;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(failures, Is.Zero);
        Assert.That(ledger.TransferCount, Is.EqualTo(total));
        Assert.That(ledger.InlineChunkAllocations, Is.Zero);
        Assert.That(allocated, Is.Zero);
        Assert.That(ledger.TryGetTransfer(new TransferId(TransferTable.ChunkLength * 2), out StoredTransfer found), Is.True);
        Assert.That(found.Amount, Is.EqualTo(1 + (TransferTable.ChunkLength * 2 % 17)));
        f.AssertBalanced();
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        long deadline = Stopwatch.GetTimestamp() + (30 * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                Assert.Fail($"gave up waiting 30 s for {what}");
            }

            Thread.Sleep(1);
        }
    }
}
