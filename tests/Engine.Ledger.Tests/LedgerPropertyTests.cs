using Engine.Ledger.Accounts;
using Engine.Ledger.Postings;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger.Tests;

/// <summary>
/// Seeded random streams of deposits, withdrawals, reservations, fills, cancels, funding and resubmissions. After
/// every operation the trial balance must be zero, and each client's cash must equal a model that tracks cash by
/// its own, simpler bookkeeping (what was deposited, spent, received and reserved).
/// </summary>
[TestFixture]
public sealed class LedgerPropertyTests
{
    private static readonly AssetId[] s_assets = [new(1), new(2), new(3)];
    private static readonly VenueId s_venue = new(1);

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    [TestCase(20261123)]
    public void RandomTradingStream_KeepsTheTrialBalanceAtZero_AndCashEqualToTheModel(int seed)
    {
        RunStream(seed, 20_000, out _);
    }

    [Test]
    public void SameStreamTwice_GivesTheSameStateHash()
    {
        RunStream(7, 5_000, out ulong first);
        RunStream(7, 5_000, out ulong second);
        RunStream(8, 5_000, out ulong other);
        Assert.That(second, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    private static void RunStream(int seed, int operations, out ulong stateHash)
    {
        var random = new Random(seed);
        var postings = new TradingPostings(new Ledger());
        var model = new CashModel();
        var openReservations = new List<(AccountId Client, AssetId Asset, TransferId Id, long Amount)>();
        long nextId = 1_000;
        for (int step = 0; step < operations; step++)
        {
            var client = new AccountId(1 + random.Next(4));
            AssetId asset = s_assets[random.Next(s_assets.Length)];
            long amount = 1 + random.Next(1_000);
            long time = step;
            var id = new TransferId(nextId);
            nextId += TradingPostings.MaxLegs;
            LedgerResult result;
            int kind = random.Next(7);
            switch (kind)
            {
                case 0:
                    result = postings.Deposit(client, asset, new Amount(amount), id, time);
                    if (result == LedgerResult.Ok)
                    {
                        model.Add(client, asset, amount);
                    }

                    break;
                case 1:
                    result = postings.Withdraw(client, asset, new Amount(amount), id, time);
                    ExpectOkExactlyWhenAffordable(model, client, asset, amount, result);
                    if (result == LedgerResult.Ok)
                    {
                        model.Add(client, asset, -amount);
                    }

                    break;
                case 2:
                    result = postings.Reserve(client, s_venue, asset, new Amount(amount), id, orderId: step, time);
                    ExpectOkExactlyWhenAffordable(model, client, asset, amount, result);
                    if (result == LedgerResult.Ok)
                    {
                        model.Reserve(client, asset, amount);
                        openReservations.Add((client, asset, id, amount));
                    }

                    break;
                case 3 when openReservations.Count > 0:
                {
                    // Fill part of a reservation: spend some of it, receive another asset, pay a fee from the rest.
                    int pick = random.Next(openReservations.Count);
                    (AccountId owner, AssetId spent, TransferId reservation, long reserved) = openReservations[pick];
                    long spend = 1 + random.Next((int)reserved);
                    long fee = random.Next(3);
                    long remainder = reserved - spend - fee;
                    AssetId received = s_assets[(Array.IndexOf(s_assets, spent) + 1) % s_assets.Length];
                    var fill = new SpotFill(owner, s_venue, Side.Buy, received, spent, new Amount(7), new Amount(spend), spent, new Amount(fee), step, reservation, new Amount(Math.Max(remainder, 0)));
                    result = postings.PostSpotFill(fill, id, time, out _);
                    if (remainder < 0)
                    {
                        // The fee did not fit in the reservation: it must still fit in free cash, or the whole fill fails.
                        bool affordable = model.Available(owner, spent) + reserved - spend >= fee;
                        Assert.That(result == LedgerResult.Ok, Is.EqualTo(affordable), $"step {step}: {result}");
                    }
                    else
                    {
                        Assert.That(result, Is.EqualTo(LedgerResult.Ok), $"step {step}");
                    }

                    if (result == LedgerResult.Ok)
                    {
                        model.Release(owner, spent, reserved);
                        model.Add(owner, spent, -spend - fee);
                        model.Add(owner, received, 7);
                        openReservations.RemoveAt(pick);
                        if (remainder > 0)
                        {
                            model.Reserve(owner, spent, remainder);
                            openReservations.Add((owner, spent, new TransferId(id.Value + 3), remainder));
                        }
                    }

                    break;
                }

                case 4 when openReservations.Count > 0:
                {
                    int pick = random.Next(openReservations.Count);
                    (AccountId owner, AssetId spent, TransferId reservation, long reserved) = openReservations[pick];
                    result = postings.ReleaseReservation(reservation, id, time);
                    Assert.That(result, Is.EqualTo(LedgerResult.Ok), $"step {step}");
                    model.Release(owner, spent, reserved);
                    openReservations.RemoveAt(pick);
                    break;
                }

                case 5:
                {
                    long payment = random.Next(2) == 0 ? amount : -amount;
                    result = postings.PostFunding(client, asset, new Amount(payment), id, time);
                    if (payment < 0)
                    {
                        ExpectOkExactlyWhenAffordable(model, client, asset, -payment, result);
                    }

                    if (result == LedgerResult.Ok)
                    {
                        model.Add(client, asset, payment);
                    }

                    break;
                }

                default:
                {
                    // Resubmit an earlier transfer: it must answer Exists and change nothing.
                    Ledger ledger = postings.Ledger;
                    if (ledger.TransferCount > 0)
                    {
                        Transfer earlier = ledger.TransferAt(random.Next(ledger.TransferCount)).Transfer;
                        if (!earlier.IsLinked)
                        {
                            Assert.That(postings.Ledger.CreateTransfer(earlier, time), Is.EqualTo(LedgerResult.Exists), $"step {step}");
                        }
                    }

                    break;
                }
            }

            Assert.That(postings.Ledger.ComputeTrialBalance().IsBalanced, Is.True, $"trial balance after step {step}");
            if (step % 97 == 0)
            {
                model.AssertMatches(postings, step);
            }
        }

        model.AssertMatches(postings, operations);
        StateHasher hasher = StateHasher.Create();
        postings.Ledger.AddToStateHash(ref hasher);
        stateHash = hasher.Finish();
    }

    private static void ExpectOkExactlyWhenAffordable(CashModel model, AccountId client, AssetId asset, long amount, LedgerResult result)
    {
        bool affordable = model.Available(client, asset) >= amount;
        Assert.That(result, Is.EqualTo(affordable ? LedgerResult.Ok : LedgerResult.ExceedsCredits));
    }

    /// <summary>Each client's cash, kept as plain totals: owned and reserved.</summary>
    private sealed class CashModel
    {
        private readonly Dictionary<(AccountId, AssetId), (long Owned, long Reserved)> _cash = [];

        public void Add(AccountId client, AssetId asset, long delta)
        {
            (long owned, long reserved) = Get(client, asset);
            _cash[(client, asset)] = (owned + delta, reserved);
        }

        public void Reserve(AccountId client, AssetId asset, long amount)
        {
            (long owned, long reserved) = Get(client, asset);
            _cash[(client, asset)] = (owned, reserved + amount);
        }

        public void Release(AccountId client, AssetId asset, long amount) => Reserve(client, asset, -amount);

        public long Available(AccountId client, AssetId asset)
        {
            (long owned, long reserved) = Get(client, asset);
            return owned - reserved;
        }

        public void AssertMatches(TradingPostings postings, int step)
        {
            foreach (KeyValuePair<(AccountId Client, AssetId Asset), (long Owned, long Reserved)> entry in _cash)
            {
                LedgerAccountId account = postings.Ledger.FindAccount(new AccountKey(LedgerOwner.Client(entry.Key.Client), entry.Key.Asset, AccountType.Cash));
                AccountBalance balance = postings.Ledger.BalanceOf(account);
                Assert.That((balance.NetCredit, balance.DebitsPending), Is.EqualTo((entry.Value.Owned, entry.Value.Reserved)), $"cash of {entry.Key} after step {step}");
            }
        }

        private (long Owned, long Reserved) Get(AccountId client, AssetId asset) =>
            _cash.TryGetValue((client, asset), out (long, long) value) ? value : (0, 0);
    }
}
