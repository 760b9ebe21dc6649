using System.Diagnostics;
using Engine.Ledger;
using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.PerfTests.Harnesses.Ledger;

/// <summary>
/// ledger-transfer: single-phase transfers between client cash accounts with every TigerBeetle check (overdraft,
/// overflow, idempotency lookup, account lookup). Latency is timed per block of 64 transfers (a clock read costs
/// more than one transfer) and reported per transfer, after at least a second of warm-up on throw-away ledgers
/// (tiered JIT); the measured ledger is sized for the run up front, as <see cref="LedgerOptions"/> asks. Baseline,
/// same run: the least any ledger must do, a debit and a credit of two balances in a Dictionary. Verified: every
/// transfer succeeds and the trial balance is zero.
/// </summary>
public sealed class LedgerTransferHarness : IHarness
{
    private const int Block = 64;
    private const int Accounts = 1_000;
    private const int WarmUpBlocks = 20_000;
    private const int WarmUpMillis = 1_000;

    public string Name => "ledger-transfer";

    public string Description => "single-phase ledger transfer with all checks; baseline: Dictionary debit+credit";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        int blocks = context.Quick ? 20_000 : 200_000;

        // Warm-up on throw-away ledgers, for at least a second: tiered compilation replaces the first code of the
        // transfer path only after ~100 ms of calls and a background compile, so the fixed 1,000 warm-up blocks
        // (a few milliseconds) used before left the start of the measured run on unoptimised code.
        var warmUpTime = Stopwatch.StartNew();
        var seed = 12345UL;
        while (warmUpTime.ElapsedMilliseconds < WarmUpMillis)
        {
            Engine.Ledger.Ledger warmUp = CreateFundedLedger(WarmUpBlocks, out LedgerAccountId[] warmUpIds, out long warmUpNextId);
            RunBlocks(warmUp, warmUpIds, ref warmUpNextId, ref seed, WarmUpBlocks, null);
        }

        // The warm-up ledgers' tables go before the measured ledger sizes its own.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Engine.Ledger.Ledger ledger = CreateFundedLedger(blocks, out LedgerAccountId[] ids, out long nextId);
        var recorder = new LatencyRecorder();
        seed = 12345UL;
        long totalTicks = RunBlocks(ledger, ids, ref nextId, ref seed, blocks, recorder);

        if (!ledger.ComputeTrialBalance().IsBalanced)
        {
            throw new HarnessVerificationException("trial balance is not zero");
        }

        double baselineNanos = MeasureDictionaryBaseline(blocks);
        Dictionary<string, double> extra = recorder.PercentilesMicroseconds();
        foreach (string key in extra.Keys.ToList())
        {
            if (key != "count")
            {
                extra[key] *= 1000.0;
            }
        }

        extra["transfersPerSecond"] = blocks * (double)Block * Stopwatch.Frequency / totalTicks;
        context.Report(new HarnessResult(Name, recorder.PercentileNanoseconds(50), "ns per transfer (p50 of 64-transfer blocks)", "dictionary-debit-credit", baselineNanos) { Extra = extra });
    }

    /// <summary>A ledger sized for <paramref name="blocks"/> blocks, with <see cref="Accounts"/> funded client cash accounts.</summary>
    private static Engine.Ledger.Ledger CreateFundedLedger(int blocks, out LedgerAccountId[] ids, out long nextId)
    {
        var ledger = new Engine.Ledger.Ledger(new LedgerOptions { InitialAccountCapacity = Accounts + 1, InitialTransferCapacity = Accounts + (blocks * Block) });
        ids = new LedgerAccountId[Accounts];
        var asset = new AssetId(1);
        for (int i = 0; i < Accounts; i++)
        {
            ledger.OpenAccount(new AccountKey(LedgerOwner.Client(new AccountId(i + 1)), asset, AccountType.Cash), AccountFlags.DebitsMustNotExceedCredits, out ids[i]);
        }

        ledger.OpenAccount(new AccountKey(LedgerOwner.World, asset, AccountType.Cash), AccountFlags.None, out LedgerAccountId world);
        nextId = 1;
        for (int i = 0; i < Accounts; i++)
        {
            Check(ledger.CreateTransfer(new Transfer(new TransferId(nextId++), world, ids[i], new Amount(1L << 40), 1), 0));
        }

        return ledger;
    }

    /// <summary>Runs <paramref name="blocks"/> timed blocks of random transfers; records each block's time per transfer when given a recorder.</summary>
    private static long RunBlocks(Engine.Ledger.Ledger ledger, LedgerAccountId[] ids, ref long nextId, ref ulong seed, int blocks, LatencyRecorder? recorder)
    {
        long totalTicks = 0;
        for (int b = 0; b < blocks; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Block; i++)
            {
                seed = (seed * 6364136223846793005UL) + 1442695040888963407UL;
                int from = (int)((seed >> 33) % Accounts);
                int to = (from + 1 + (int)((seed >> 13) % (Accounts - 1))) % Accounts;
                Check(ledger.CreateTransfer(new Transfer(new TransferId(nextId++), ids[from], ids[to], new Amount(1 + (long)(seed & 0xFF)), 1), b));
            }

            long elapsed = Stopwatch.GetTimestamp() - start;
            recorder?.RecordTicks(elapsed / Block);
            totalTicks += elapsed;
        }

        return totalTicks;
    }

    private static double MeasureDictionaryBaseline(int blocks)
    {
        var balances = new Dictionary<int, long>(Accounts);
        for (int i = 0; i < Accounts; i++)
        {
            balances[i] = 1L << 40;
        }

        var seed = 12345UL;
        var samples = new List<double>(blocks);
        for (int b = 0; b < blocks; b++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int i = 0; i < Block; i++)
            {
                seed = (seed * 6364136223846793005UL) + 1442695040888963407UL;
                int from = (int)((seed >> 33) % Accounts);
                int to = (from + 1 + (int)((seed >> 13) % (Accounts - 1))) % Accounts;
                long amount = 1 + (long)(seed & 0xFF);
                balances[from] -= amount;
                balances[to] += amount;
            }

            samples.Add((Stopwatch.GetTimestamp() - start) * 1e9 / Stopwatch.Frequency / Block);
        }

        long sum = 0;
        foreach (long value in balances.Values)
        {
            sum += value;
        }

        if (sum != Accounts * (1L << 40))
        {
            throw new HarnessVerificationException("baseline lost money");
        }

        samples.Sort();
        return samples[samples.Count / 2];
    }

    private static void Check(LedgerResult result)
    {
        if (result != LedgerResult.Ok)
        {
            throw new HarnessVerificationException($"transfer failed: {LedgerResults.Reason(result)}");
        }
    }
}
