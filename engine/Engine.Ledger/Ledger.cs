using System.Runtime.CompilerServices;
using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;

namespace Engine.Ledger;

/// <summary>
/// The double-entry ledger: accounts keyed by (owner, asset, type) and transfers with TigerBeetle's semantics.
/// <list type="bullet">
/// <item>Every transfer debits one account and credits another by the same amount of the same asset, so for
/// every asset the sum of debits equals the sum of credits (<see cref="ComputeTrialBalance"/>), always.</item>
/// <item>A batch is applied in order; a linked chain (transfers flagged <see cref="TransferFlags.Linked"/>, closed
/// by the first one without the flag) is applied as one: if any fails, none is applied.</item>
/// <item>Transfer ids are idempotency keys: an identical resubmission answers <see cref="LedgerResult.Exists"/>.</item>
/// <item>Every sum is overflow-checked and answers a result code; nothing throws for bad input.</item>
/// </list>
/// Deterministic: time comes from the caller (input time), ids from the submitter, iteration is in id order.
/// Thread ownership: the BLP thread only. Recording transfers allocates nothing on that thread: the transfers and
/// their id index grow a chunk at a time, each chunk made ready ahead on a background thread (see
/// <see cref="TransferTable"/>, <see cref="ChunkSupply{T}"/>). Opening accounts and pending transfers with a
/// timeout grow their tables by doubling (rare; size them with <see cref="LedgerOptions"/>).
/// </summary>
public sealed partial class Ledger
{
    private readonly Dictionary<AccountKey, int> _accountsByKey;
    private readonly TransferIndex _transfersById;
    private readonly PriorityQueue<(int Index, long Id), (long ExpiresAt, long Id)> _expiries;
    private AccountRecord[] _accounts;
    private int _accountCount;
    private readonly TransferTable _transfers;
    private UndoRecord[] _undo;
    private int _undoCount;

    public Ledger(LedgerOptions? options = null)
    {
        options ??= new LedgerOptions();
        _accounts = new AccountRecord[options.InitialAccountCapacity + 1];
        _accountsByKey = new Dictionary<AccountKey, int>(options.InitialAccountCapacity);
        _transfers = new TransferTable(options.InitialTransferCapacity);
        _transfersById = new TransferIndex(options.InitialTransferCapacity);
        _expiries = new PriorityQueue<(int, long), (long, long)>(options.InitialTransferCapacity / 16);
        _undo = new UndoRecord[64];
    }

    public int AccountCount => _accountCount;

    public int TransferCount => _transfers.Count;

    /// <summary>
    /// Chunks of the transfer tables that the BLP thread allocated itself because the background provisioner had not
    /// made them ready in time (0 unless transfers outrun it by half a chunk, 8,192 transfers).
    /// </summary>
    public long InlineChunkAllocations => _transfers.InlineChunkAllocations + _transfersById.InlineChunkAllocations;

    /// <summary>Whether both transfer tables have their next chunk ready (for tests that must not race the provisioner).</summary>
    internal bool NextChunksReady => _transfers.IsNextChunkReady && _transfersById.IsNextChunkReady;

    /// <summary>
    /// Opens the account for <paramref name="key"/>, or finds it when it exists with the same flags (opening is
    /// idempotent). Accounts are numbered in the order they are opened, which the input stream fixes.
    /// </summary>
    public LedgerResult OpenAccount(AccountKey key, AccountFlags flags, out LedgerAccountId id)
    {
        if (key.Asset.IsNone)
        {
            id = LedgerAccountId.None;
            return LedgerResult.AccountAssetMustNotBeZero;
        }

        if (_accountsByKey.TryGetValue(key, out int existing))
        {
            id = new LedgerAccountId(existing);
            return _accounts[existing].Flags == flags ? LedgerResult.Ok : LedgerResult.AccountExistsWithDifferentFlags;
        }

        int index = ++_accountCount;
        if (index >= _accounts.Length)
        {
            Array.Resize(ref _accounts, _accounts.Length * 2);
        }

        _accounts[index] = new AccountRecord { Key = key, Flags = flags };
        _accountsByKey.Add(key, index);
        id = new LedgerAccountId(index);
        return LedgerResult.Ok;
    }

    /// <summary>The id of the account with this key, or none.</summary>
    public LedgerAccountId FindAccount(AccountKey key) =>
        _accountsByKey.TryGetValue(key, out int index) ? new LedgerAccountId(index) : LedgerAccountId.None;

    public AccountKey KeyOf(LedgerAccountId id) => AccountAt(id).Key;

    public AccountFlags FlagsOf(LedgerAccountId id) => AccountAt(id).Flags;

    public AccountBalance BalanceOf(LedgerAccountId id)
    {
        ref readonly AccountRecord account = ref AccountAt(id);
        return new AccountBalance(account.DebitsPending, account.DebitsPosted, account.CreditsPending, account.CreditsPosted);
    }

    /// <summary>The stored transfer with this id, if the ledger accepted one.</summary>
    public bool TryGetTransfer(TransferId id, out StoredTransfer transfer)
    {
        if (_transfersById.TryGet(id, out int index))
        {
            transfer = _transfers[index];
            return true;
        }

        transfer = default;
        return false;
    }

    /// <summary>The accepted transfer at <paramref name="index"/> in the order they were applied: [0, <see cref="TransferCount"/>).</summary>
    public ref readonly StoredTransfer TransferAt(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _transfers.Count);
        return ref _transfers[index];
    }

    /// <summary>Applies one transfer (it must not be linked). See <see cref="CreateTransfers"/>.</summary>
    public LedgerResult CreateTransfer(in Transfer transfer, long timestampNanos)
    {
        if (transfer.IsLinked)
        {
            return LedgerResult.LinkedEventChainOpen;
        }

        LedgerResult result = Apply(transfer, timestampNanos);
        _undoCount = 0;
        return result;
    }

    /// <summary>
    /// Applies a batch in order, writing one result per transfer. A linked chain succeeds or fails as one: when a
    /// member fails, it gets its own code, the others <see cref="LedgerResult.LinkedEventFailed"/>, and every
    /// balance is as if the chain had never been submitted. Returns how many transfers failed.
    /// </summary>
    public int CreateTransfers(ReadOnlySpan<Transfer> batch, Span<LedgerResult> results, long timestampNanos)
    {
        if (results.Length < batch.Length)
        {
            throw new ArgumentException($"results holds {results.Length} entries for a batch of {batch.Length}", nameof(results));
        }

        int chainStart = -1;
        bool chainFailed = false;
        _undoCount = 0;
        for (int i = 0; i < batch.Length; i++)
        {
            ref readonly Transfer transfer = ref batch[i];
            if (chainStart < 0 && transfer.IsLinked)
            {
                chainStart = i;
                chainFailed = false;
                _undoCount = 0;
            }

            bool inChain = chainStart >= 0;
            bool endsChain = inChain && (!transfer.IsLinked || i == batch.Length - 1);
            LedgerResult result;
            if (inChain && chainFailed)
            {
                result = LedgerResult.LinkedEventFailed;
            }
            else if (inChain && transfer.IsLinked && i == batch.Length - 1)
            {
                result = LedgerResult.LinkedEventChainOpen;
            }
            else
            {
                result = Apply(transfer, timestampNanos);
            }

            results[i] = result;
            if (!inChain)
            {
                // Undo records matter only inside a chain; outside one, each transfer stands on its own.
                _undoCount = 0;
            }

            if (inChain && !chainFailed && !LedgerResults.IsSuccess(result))
            {
                // Undo what the chain applied, newest first, and mark the earlier members.
                chainFailed = true;
                RollBack();
                for (int j = chainStart; j < i; j++)
                {
                    results[j] = LedgerResult.LinkedEventFailed;
                }
            }

            if (endsChain)
            {
                chainStart = -1;
                chainFailed = false;
                _undoCount = 0;
            }
        }

        int failed = 0;
        foreach (LedgerResult result in results[..batch.Length])
        {
            failed += LedgerResults.IsSuccess(result) ? 0 : 1;
        }

        return failed;
    }

    /// <summary>
    /// Expires every pending transfer whose timeout has passed at <paramref name="nowNanos"/> (input time),
    /// releasing its reservation, in (expiry, id) order. Returns how many expired.
    /// </summary>
    public int ExpirePendingTransfers(long nowNanos)
    {
        int expired = 0;
        while (_expiries.TryPeek(out (int Index, long Id) entry, out (long ExpiresAt, long Id) due) && due.ExpiresAt <= nowNanos)
        {
            _expiries.Dequeue();
            if (entry.Index >= _transfers.Count)
            {
                continue;
            }

            ref StoredTransfer pending = ref _transfers[entry.Index];
            // Entries of transfers rolled back with their chain stay queued: they no longer match what is stored.
            if (pending.Transfer.Id.Value != entry.Id || pending.State != TransferState.Pending || pending.ExpiresAtNanos != due.ExpiresAt)
            {
                continue;
            }

            ref AccountRecord debit = ref _accounts[pending.DebitAccount.Value];
            ref AccountRecord credit = ref _accounts[pending.CreditAccount.Value];
            debit.DebitsPending -= pending.Amount;
            credit.CreditsPending -= pending.Amount;
            pending.State = TransferState.PendingExpired;
            expired++;
        }

        return expired;
    }

    /// <summary>Totals per asset over every account; for each asset debits equal credits, posted and pending.</summary>
    public TrialBalance ComputeTrialBalance()
    {
        var totals = new SortedDictionary<AssetId, TrialBalance.AssetTotals>();
        for (int i = 1; i <= _accountCount; i++)
        {
            ref readonly AccountRecord account = ref _accounts[i];
            totals.TryGetValue(account.Key.Asset, out TrialBalance.AssetTotals sum);
            totals[account.Key.Asset] = new TrialBalance.AssetTotals(
                sum.DebitsPosted + (Int128)account.DebitsPosted,
                sum.CreditsPosted + (Int128)account.CreditsPosted,
                sum.DebitsPending + (Int128)account.DebitsPending,
                sum.CreditsPending + (Int128)account.CreditsPending);
        }

        return new TrialBalance(totals);
    }

    private ref AccountRecord AccountAt(LedgerAccountId id)
    {
        if ((uint)(id.Value - 1) >= (uint)_accountCount)
        {
            ThrowUnknownAccount(id);
        }

        return ref _accounts[id.Value];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowUnknownAccount(LedgerAccountId id) =>
        throw new ArgumentOutOfRangeException(nameof(id), $"ledger account {id} does not exist");

    private struct AccountRecord
    {
        public AccountKey Key;
        public AccountFlags Flags;
        public long DebitsPending;
        public long DebitsPosted;
        public long CreditsPending;
        public long CreditsPosted;
    }
}
