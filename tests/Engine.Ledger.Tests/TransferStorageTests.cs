using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;
using static Engine.Ledger.Tests.LedgerFixture;

namespace Engine.Ledger.Tests;

/// <summary>
/// The ledger stores transfers in chunks (<see cref="TransferTable"/>): these run ledgers past several chunk
/// boundaries and check that nothing about the stored transfers shows it.
/// </summary>
[TestFixture]
public sealed class TransferStorageTests
{
    private const int ManyChunks = (TransferTable.ChunkLength * 3) + 123;

    [Test]
    public void LedgerGrownPastSeveralChunks_KeepsEveryTransferInOrder_AndFindsEachById()
    {
        var f = new LedgerFixture();
        f.Fund(f.Alice, 1_000_000_000, 1);
        Submit(f, from: 2, count: ManyChunks);

        Assert.That(f.Ledger.TransferCount, Is.EqualTo(ManyChunks + 1));
        for (int i = 0; i < f.Ledger.TransferCount; i++)
        {
            Assert.That(f.Ledger.TransferAt(i).Transfer.Id.Value, Is.EqualTo(i + 1), $"transfer {i}");
        }

        Assert.That(f.Ledger.TryGetTransfer(new TransferId(ManyChunks), out StoredTransfer found), Is.True);
        Assert.That(found.Amount, Is.EqualTo(AmountOf(ManyChunks)));
        Assert.That(() => f.Ledger.TransferAt(f.Ledger.TransferCount), Throws.InstanceOf<ArgumentOutOfRangeException>());
        f.AssertBalanced();
    }

    [Test]
    public void Snapshot_OfALedgerOfSeveralChunks_RestoresTheSameTransfersAndStateHash()
    {
        var f = new LedgerFixture();
        f.Fund(f.Alice, 1_000_000_000, 1);
        Submit(f, from: 2, count: ManyChunks);
        var snapshot = new MemoryStream();
        f.Ledger.WriteSnapshot(new SnapshotWriter(snapshot));

        var restored = new Ledger(new LedgerOptions { InitialTransferCapacity = 16 });
        snapshot.Position = 0;
        restored.RestoreSnapshot(new SnapshotReader(snapshot));

        Assert.That(restored.TransferCount, Is.EqualTo(f.Ledger.TransferCount));
        Assert.That(HashOf(restored), Is.EqualTo(HashOf(f.Ledger)));
        Assert.That(restored.TryGetTransfer(new TransferId(ManyChunks - 7), out StoredTransfer found), Is.True);
        Assert.That(found.Amount, Is.EqualTo(AmountOf(ManyChunks - 7)));

        // And it goes on where the original left off.
        Assert.That(restored.CreateTransfer(Move(ManyChunks + 2, f.Alice, f.Bob, 5), 2), Is.EqualTo(LedgerResult.Ok));
        Assert.That(restored.CreateTransfer(Move(ManyChunks, f.Alice, f.Bob, AmountOf(ManyChunks)), 2), Is.EqualTo(LedgerResult.Exists));
    }

    [Test]
    public void ChainRolledBackAcrossAChunkBoundary_LeavesNoTraceOfIt()
    {
        var f = new LedgerFixture();
        f.Fund(f.Alice, 1_000_000_000, 1);
        Submit(f, from: 2, count: TransferTable.ChunkLength - 2);
        Assert.That(f.Ledger.TransferCount, Is.EqualTo(TransferTable.ChunkLength - 1));
        ulong before = HashOf(f.Ledger);

        // Three members: the first fills the chunk's last slot, the second opens the next chunk, the third fails.
        long next = TransferTable.ChunkLength;
        Transfer[] chain =
        [
            Move(next, f.Alice, f.Bob, 1, TransferFlags.Linked),
            Move(next + 1, f.Alice, f.Bob, 1, TransferFlags.Linked),
            Move(next + 2, f.Bob, f.Liability, 1),
        ];
        var results = new LedgerResult[chain.Length];
        Assert.That(f.Ledger.CreateTransfers(chain, results, 2), Is.EqualTo(3));
        Assert.That(results[2], Is.EqualTo(LedgerResult.ExceedsDebits));

        Assert.That(f.Ledger.TransferCount, Is.EqualTo(TransferTable.ChunkLength - 1));
        Assert.That(HashOf(f.Ledger), Is.EqualTo(before));

        // The freed slots are clean: the same ids apply afresh, the same way a ledger that never saw the chain would.
        Assert.That(f.Ledger.CreateTransfer(Move(next, f.Alice, f.Bob, 2), 3), Is.EqualTo(LedgerResult.Ok));
        Assert.That(f.Ledger.CreateTransfer(Move(next + 1, f.Alice, f.Bob, 3), 3), Is.EqualTo(LedgerResult.Ok));
        Assert.That(f.Ledger.TransferAt(TransferTable.ChunkLength).Amount, Is.EqualTo(3));
        f.AssertBalanced();
    }

    private static long AmountOf(long id) => 1 + (id % 17);

    private static void Submit(LedgerFixture f, long from, int count)
    {
        for (long id = from; id < from + count; id++)
        {
            Assert.That(f.Submit(Move(id, f.Alice, f.Bob, AmountOf(id))), Is.EqualTo(LedgerResult.Ok), $"transfer {id}");
        }
    }

    private static ulong HashOf(Ledger ledger)
    {
        StateHasher hasher = StateHasher.Create();
        ledger.AddToStateHash(ref hasher);
        return hasher.Finish();
    }
}
