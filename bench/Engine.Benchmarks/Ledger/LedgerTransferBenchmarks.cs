using BenchmarkDotNet.Attributes;
using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Benchmarks.Ledger;

/// <summary>Cost of one ledger transfer and of one fully reserved spot fill (a 4-transfer linked chain).</summary>
[MemoryDiagnoser]
public class LedgerTransferBenchmarks
{
    private const int OperationsPerInvoke = 1_000;
    private TradingPostings _postings = null!;
    private LedgerAccountId _alice;
    private LedgerAccountId _bob;
    private long _nextId;

    [IterationSetup]
    public void Setup()
    {
        _postings = new TradingPostings(new Engine.Ledger.Ledger(new LedgerOptions { InitialTransferCapacity = 1 << 22 }));
        var usdt = new AssetId(1);
        _postings.Deposit(new AccountId(1), usdt, new Amount(1L << 50), new TransferId(1), 0);
        _postings.Deposit(new AccountId(2), usdt, new Amount(1L << 50), new TransferId(2), 0);
        _alice = _postings.Account(LedgerOwner.Client(new AccountId(1)), usdt, AccountType.Cash);
        _bob = _postings.Account(LedgerOwner.Client(new AccountId(2)), usdt, AccountType.Cash);
        _postings.Account(LedgerOwner.Client(new AccountId(1)), new AssetId(2), AccountType.Cash);
        _postings.Account(LedgerOwner.Venue(new VenueId(1)), usdt, AccountType.Cash);
        _postings.Account(LedgerOwner.Venue(new VenueId(1)), new AssetId(2), AccountType.Cash);
        _postings.Account(LedgerOwner.Client(new AccountId(1)), usdt, AccountType.Fees);
        _nextId = 100;
    }

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
    public LedgerResult SinglePhaseTransfer()
    {
        LedgerResult result = LedgerResult.Ok;
        for (int i = 0; i < OperationsPerInvoke; i++)
        {
            result = _postings.Ledger.CreateTransfer(new Transfer(new TransferId(_nextId++), _alice, _bob, new Amount(1 + (i & 7)), 1), i);
        }

        return result;
    }

    [Benchmark(OperationsPerInvoke = OperationsPerInvoke)]
    public LedgerResult ReserveThenFill()
    {
        LedgerResult result = LedgerResult.Ok;
        for (int i = 0; i < OperationsPerInvoke; i++)
        {
            var reservation = new TransferId(_nextId);
            _postings.Reserve(new AccountId(1), new VenueId(1), new AssetId(1), new Amount(1_010), reservation, i, i);
            var fill = new SpotFill(new AccountId(1), new VenueId(1), Side.Buy, new AssetId(2), new AssetId(1), new Amount(1), new Amount(1_000), new AssetId(1), new Amount(10), i, reservation);
            result = _postings.PostSpotFill(fill, new TransferId(_nextId + TradingPostings.MaxLegs), i, out _);
            _nextId += 2 * TradingPostings.MaxLegs;
        }

        return result;
    }
}
