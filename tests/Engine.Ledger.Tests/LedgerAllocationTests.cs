using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Tests;

[TestFixture]
public sealed class LedgerAllocationTests
{
    [Test]
    public void TransfersAndChains_InSteadyState_AllocateNothing()
    {
        var postings = new TradingPostings(new Ledger(new LedgerOptions { InitialTransferCapacity = 1 << 20 }));
        var client = new AccountId(1);
        var venue = new VenueId(1);
        var usdt = new AssetId(1);
        var btc = new AssetId(2);
        long id = 1;
        postings.Deposit(client, usdt, new Amount(long.MaxValue / 4), new TransferId(id), 0);
        id += TradingPostings.MaxLegs;

        void Cycle(int i)
        {
            var reservation = new TransferId(id);
            postings.Reserve(client, venue, usdt, new Amount(1_010), reservation, i, i);
            id += TradingPostings.MaxLegs;
            var fill = new SpotFill(client, venue, Side.Buy, btc, usdt, new Amount(1), new Amount(1_000), usdt, new Amount(10), i, reservation);
            LedgerResult result = postings.PostSpotFill(fill, new TransferId(id), i, out _);
            id += TradingPostings.MaxLegs;
            if (result != LedgerResult.Ok)
            {
                throw new InvalidOperationException(result.ToString());
            }
        }

        for (int i = 0; i < 1_000; i++)
        {
            Cycle(i);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1_000; i < 51_000; i++)
        {
            Cycle(i);
        }

        Assert.That(GC.GetAllocatedBytesForCurrentThread() - before, Is.Zero);
        Assert.That(postings.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
    }
}
