using System.Runtime.CompilerServices;
using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

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
public sealed class Ledger
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

    /// <summary>Feeds every account (in id order) and every transfer (in applied order) into the state hash.</summary>
    /// <summary>Writes the accounts and transfers (as their bytes) for a BLP snapshot; the indexes are rebuilt on restore.</summary>
    public void WriteSnapshot(SnapshotWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.BeginSection("ledger");
        writer.WriteInt32(_accountCount);
        writer.WriteInt32(_transfers.Count);
        writer.WriteArray<AccountRecord>(_accounts.AsSpan(0, _accountCount + 1));
        writer.WriteArrayHeader<StoredTransfer>(_transfers.Count);
        for (int chunk = 0; chunk < _transfers.ChunkCount; chunk++)
        {
            writer.WriteArrayItems<StoredTransfer>(_transfers.Chunk(chunk));
        }
    }

    /// <summary>Restores what <see cref="WriteSnapshot"/> wrote into an empty ledger, rebuilding the key, id and expiry indexes.</summary>
    public void RestoreSnapshot(SnapshotReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (_accountCount != 0 || _transfers.Count != 0)
        {
            throw new InvalidOperationException("a snapshot restores into an empty ledger");
        }

        reader.ExpectSection("ledger");
        int accountCount = reader.ReadInt32();
        int transferCount = reader.ReadInt32();
        AccountRecord[] accounts = reader.ReadArray<AccountRecord>(_accounts.Length);
        int storedTransfers = reader.ReadArrayHeader<StoredTransfer>();
        if (accountCount < 0 || transferCount < 0 || accountCount >= accounts.Length || transferCount != storedTransfers)
        {
            throw new SnapshotFormatException($"snapshot: ledger counts {accountCount} accounts, {transferCount} transfers do not match its arrays");
        }

        _accounts = accounts;
        _accountCount = accountCount;
        for (int i = 1; i <= accountCount; i++)
        {
            _accountsByKey.Add(accounts[i].Key, i);
        }

        _transfers.Resize(transferCount);
        for (int chunk = 0; chunk < _transfers.ChunkCount; chunk++)
        {
            reader.ReadArrayItems(_transfers.Chunk(chunk));
        }

        for (int i = 0; i < transferCount; i++)
        {
            ref StoredTransfer stored = ref _transfers[i];
            _transfersById.Add(stored.Transfer.Id, i);
            if (stored.State == TransferState.Pending && stored.ExpiresAtNanos != 0)
            {
                _expiries.Enqueue((i, stored.Transfer.Id.Value), (stored.ExpiresAtNanos, stored.Transfer.Id.Value));
            }
        }
    }

    public void AddToStateHash(ref StateHasher hasher)
    {
        hasher.Add(_accountCount);
        for (int i = 1; i <= _accountCount; i++)
        {
            ref readonly AccountRecord account = ref _accounts[i];
            hasher.Add(((long)account.Key.Owner.Kind << 56) | ((long)account.Key.Type << 48) | (uint)account.Key.Owner.Id);
            hasher.Add(((long)account.Key.Asset.Value << 16) | (ushort)account.Flags);
            hasher.Add(account.DebitsPending);
            hasher.Add(account.DebitsPosted);
            hasher.Add(account.CreditsPending);
            hasher.Add(account.CreditsPosted);
        }

        hasher.Add(_transfers.Count);
        for (int i = 0; i < _transfers.Count; i++)
        {
            ref readonly StoredTransfer stored = ref _transfers[i];
            hasher.Add(stored.Transfer.Id.Value);
            hasher.Add(((long)stored.DebitAccount.Value << 32) | (uint)stored.CreditAccount.Value);
            hasher.Add(stored.Amount);
            hasher.Add(((long)stored.Transfer.Code << 32) | ((long)stored.Transfer.Flags << 8) | (long)stored.State);
            hasher.Add(stored.Transfer.PendingId.Value);
            hasher.Add(stored.Transfer.UserData);
            hasher.Add(stored.ExpiresAtNanos);
        }
    }

    private ref AccountRecord AccountAt(LedgerAccountId id)
    {
        if ((uint)(id.Value - 1) >= (uint)_accountCount)
        {
            ThrowUnknownAccount(id);
        }

        return ref _accounts[id.Value];
    }

    private LedgerResult Apply(in Transfer transfer, long timestamp)
    {
        if (transfer.Id.IsNone)
        {
            return LedgerResult.IdMustNotBeZero;
        }

        int phaseFlags = BitCount(transfer.Flags & (TransferFlags.Pending | TransferFlags.PostPendingTransfer | TransferFlags.VoidPendingTransfer));
        if (phaseFlags > 1)
        {
            return LedgerResult.FlagsAreMutuallyExclusive;
        }

        return transfer.IsPostOrVoid ? ApplyPostOrVoid(transfer, timestamp) : ApplySinglePhaseOrPending(transfer, timestamp);
    }

    private LedgerResult ApplySinglePhaseOrPending(in Transfer transfer, long timestamp)
    {
        bool pending = (transfer.Flags & TransferFlags.Pending) != 0;
        if (transfer.DebitAccount.IsNone)
        {
            return LedgerResult.DebitAccountIdMustNotBeZero;
        }

        if (transfer.CreditAccount.IsNone)
        {
            return LedgerResult.CreditAccountIdMustNotBeZero;
        }

        if (transfer.DebitAccount == transfer.CreditAccount)
        {
            return LedgerResult.AccountsMustBeDifferent;
        }

        if (!transfer.PendingId.IsNone)
        {
            return LedgerResult.PendingIdMustBeZero;
        }

        if (transfer.TimeoutNanos != 0 && !pending)
        {
            return LedgerResult.TimeoutReservedForPendingTransfer;
        }

        if (transfer.TimeoutNanos < 0)
        {
            return LedgerResult.TimeoutMustNotBeNegative;
        }

        if (transfer.Code == 0)
        {
            return LedgerResult.CodeMustNotBeZero;
        }

        long amount = transfer.Amount.Units;
        if (amount <= 0)
        {
            return LedgerResult.AmountMustBePositive;
        }

        if ((uint)(transfer.DebitAccount.Value - 1) >= (uint)_accountCount)
        {
            return LedgerResult.DebitAccountNotFound;
        }

        if ((uint)(transfer.CreditAccount.Value - 1) >= (uint)_accountCount)
        {
            return LedgerResult.CreditAccountNotFound;
        }

        ref AccountRecord debit = ref _accounts[transfer.DebitAccount.Value];
        ref AccountRecord credit = ref _accounts[transfer.CreditAccount.Value];
        if (debit.Key.Asset != credit.Key.Asset)
        {
            return LedgerResult.AccountsMustHaveTheSameAsset;
        }

        if (_transfersById.TryGet(transfer.Id, out int existing))
        {
            return CompareWithExisting(transfer, _transfers[existing].Transfer);
        }

        long expiresAt = 0;
        if (pending && transfer.TimeoutNanos != 0 && !TryAdd(timestamp, transfer.TimeoutNanos, out expiresAt))
        {
            return LedgerResult.OverflowsTimeout;
        }

        LedgerResult overflow = pending
            ? CheckOverflow(debit.DebitsPending, credit.CreditsPending, LedgerResult.OverflowsDebitsPending, LedgerResult.OverflowsCreditsPending, amount)
            : CheckOverflow(debit.DebitsPosted, credit.CreditsPosted, LedgerResult.OverflowsDebitsPosted, LedgerResult.OverflowsCreditsPosted, amount);
        if (overflow != LedgerResult.Ok)
        {
            return overflow;
        }

        if (!TryAdd(debit.DebitsPending, debit.DebitsPosted, out long debits) || !TryAdd(debits, amount, out debits))
        {
            return LedgerResult.OverflowsDebits;
        }

        if (!TryAdd(credit.CreditsPending, credit.CreditsPosted, out long credits) || !TryAdd(credits, amount, out credits))
        {
            return LedgerResult.OverflowsCredits;
        }

        if ((debit.Flags & AccountFlags.DebitsMustNotExceedCredits) != 0 && debits > debit.CreditsPosted)
        {
            return LedgerResult.ExceedsCredits;
        }

        if ((credit.Flags & AccountFlags.CreditsMustNotExceedDebits) != 0 && credits > credit.DebitsPosted)
        {
            return LedgerResult.ExceedsDebits;
        }

        if (pending)
        {
            debit.DebitsPending += amount;
            credit.CreditsPending += amount;
        }
        else
        {
            debit.DebitsPosted += amount;
            credit.CreditsPosted += amount;
        }

        int index = Store(transfer, transfer.DebitAccount, transfer.CreditAccount, amount, timestamp, expiresAt, pending ? TransferState.Pending : TransferState.Posted);
        if (expiresAt != 0)
        {
            _expiries.Enqueue((index, transfer.Id.Value), (expiresAt, transfer.Id.Value));
        }

        PushUndo(new UndoRecord(index, -1, TransferState.Pending, pending ? UndoKind.PendingCreated : UndoKind.Posted));
        return LedgerResult.Ok;
    }

    private LedgerResult ApplyPostOrVoid(in Transfer transfer, long timestamp)
    {
        bool post = (transfer.Flags & TransferFlags.PostPendingTransfer) != 0;
        if (transfer.PendingId.IsNone)
        {
            return LedgerResult.PendingIdMustNotBeZero;
        }

        if (transfer.PendingId == transfer.Id)
        {
            return LedgerResult.PendingIdMustBeDifferent;
        }

        if (transfer.TimeoutNanos != 0)
        {
            return LedgerResult.TimeoutReservedForPendingTransfer;
        }

        if (transfer.Amount.Units < 0)
        {
            return LedgerResult.AmountMustBePositive;
        }

        if (!_transfersById.TryGet(transfer.PendingId, out int pendingIndex))
        {
            return LedgerResult.PendingTransferNotFound;
        }

        ref StoredTransfer pending = ref _transfers[pendingIndex];
        if ((pending.Transfer.Flags & TransferFlags.Pending) == 0)
        {
            return LedgerResult.PendingTransferNotPending;
        }

        if (!transfer.DebitAccount.IsNone && transfer.DebitAccount != pending.Transfer.DebitAccount)
        {
            return LedgerResult.PendingTransferHasDifferentDebitAccount;
        }

        if (!transfer.CreditAccount.IsNone && transfer.CreditAccount != pending.Transfer.CreditAccount)
        {
            return LedgerResult.PendingTransferHasDifferentCreditAccount;
        }

        if (transfer.Code != 0 && transfer.Code != pending.Transfer.Code)
        {
            return LedgerResult.PendingTransferHasDifferentCode;
        }

        long requested = transfer.Amount.Units;
        long amount;
        if (post)
        {
            if (requested > pending.Amount)
            {
                return LedgerResult.ExceedsPendingTransferAmount;
            }

            amount = requested == 0 ? pending.Amount : requested;
        }
        else
        {
            if (requested != 0 && requested != pending.Amount)
            {
                return LedgerResult.PendingTransferHasDifferentAmount;
            }

            amount = pending.Amount;
        }

        if (_transfersById.TryGet(transfer.Id, out int existing))
        {
            return CompareWithExisting(transfer, _transfers[existing].Transfer);
        }

        switch (pending.State)
        {
            case TransferState.PendingPosted:
                return LedgerResult.PendingTransferAlreadyPosted;
            case TransferState.PendingVoided:
                return LedgerResult.PendingTransferAlreadyVoided;
            case TransferState.PendingExpired:
                return LedgerResult.PendingTransferExpired;
        }

        if (pending.ExpiresAtNanos != 0 && timestamp >= pending.ExpiresAtNanos)
        {
            return LedgerResult.PendingTransferExpired;
        }

        ref AccountRecord debit = ref _accounts[pending.Transfer.DebitAccount.Value];
        ref AccountRecord credit = ref _accounts[pending.Transfer.CreditAccount.Value];
        if (post)
        {
            LedgerResult overflow = CheckOverflow(debit.DebitsPosted, credit.CreditsPosted, LedgerResult.OverflowsDebitsPosted, LedgerResult.OverflowsCreditsPosted, amount);
            if (overflow != LedgerResult.Ok)
            {
                return overflow;
            }

            debit.DebitsPosted += amount;
            credit.CreditsPosted += amount;
        }

        // Posting or voiding releases the whole reservation; a partial post gives the rest back.
        debit.DebitsPending -= pending.Amount;
        credit.CreditsPending -= pending.Amount;
        TransferState previous = pending.State;
        pending.State = post ? TransferState.PendingPosted : TransferState.PendingVoided;

        int index = Store(transfer, pending.Transfer.DebitAccount, pending.Transfer.CreditAccount, amount, timestamp, 0, TransferState.Posted);
        PushUndo(new UndoRecord(index, pendingIndex, previous, post ? UndoKind.PendingPosted : UndoKind.PendingVoided));
        return LedgerResult.Ok;
    }

    private static LedgerResult CompareWithExisting(in Transfer submitted, in Transfer existing)
    {
        if (submitted.Flags != existing.Flags)
        {
            return LedgerResult.ExistsWithDifferentFlags;
        }

        if (submitted.DebitAccount != existing.DebitAccount)
        {
            return LedgerResult.ExistsWithDifferentDebitAccount;
        }

        if (submitted.CreditAccount != existing.CreditAccount)
        {
            return LedgerResult.ExistsWithDifferentCreditAccount;
        }

        if (submitted.Amount != existing.Amount)
        {
            return LedgerResult.ExistsWithDifferentAmount;
        }

        if (submitted.PendingId != existing.PendingId)
        {
            return LedgerResult.ExistsWithDifferentPendingId;
        }

        if (submitted.UserData != existing.UserData)
        {
            return LedgerResult.ExistsWithDifferentUserData;
        }

        if (submitted.TimeoutNanos != existing.TimeoutNanos)
        {
            return LedgerResult.ExistsWithDifferentTimeout;
        }

        return submitted.Code != existing.Code ? LedgerResult.ExistsWithDifferentCode : LedgerResult.Exists;
    }

    private int Store(in Transfer transfer, LedgerAccountId debit, LedgerAccountId credit, long amount, long timestamp, long expiresAt, TransferState state)
    {
        // Written field by field in place rather than as a temporary copied in (a 96-byte memmove per transfer).
        // The slot is all zeros (fresh, or cleared by a chain's rollback), so its padding, which a snapshot writes
        // with the rest of the bytes, is zero as before.
        ref StoredTransfer slot = ref _transfers.Append(out int index);
        slot.Transfer = transfer;
        slot.DebitAccount = debit;
        slot.CreditAccount = credit;
        slot.Amount = amount;
        slot.TimestampNanos = timestamp;
        slot.ExpiresAtNanos = expiresAt;
        slot.State = state;
        _transfersById.Add(transfer.Id, index);
        return index;
    }

    private void PushUndo(UndoRecord record)
    {
        if (_undoCount == _undo.Length)
        {
            Array.Resize(ref _undo, _undo.Length * 2);
        }

        _undo[_undoCount++] = record;
    }

    /// <summary>Reverts the current chain's applied transfers, newest first. They are the newest stored transfers.</summary>
    private void RollBack()
    {
        while (_undoCount > 0)
        {
            UndoRecord undo = _undo[--_undoCount];
            ref StoredTransfer stored = ref _transfers[undo.TransferIndex];
            long amount = stored.Amount;
            switch (undo.Kind)
            {
                case UndoKind.Posted:
                    _accounts[stored.DebitAccount.Value].DebitsPosted -= amount;
                    _accounts[stored.CreditAccount.Value].CreditsPosted -= amount;
                    break;
                case UndoKind.PendingCreated:
                    _accounts[stored.DebitAccount.Value].DebitsPending -= amount;
                    _accounts[stored.CreditAccount.Value].CreditsPending -= amount;
                    break;
                case UndoKind.PendingPosted:
                case UndoKind.PendingVoided:
                {
                    ref StoredTransfer pending = ref _transfers[undo.PendingIndex];
                    ref AccountRecord debit = ref _accounts[pending.Transfer.DebitAccount.Value];
                    ref AccountRecord credit = ref _accounts[pending.Transfer.CreditAccount.Value];
                    if (undo.Kind == UndoKind.PendingPosted)
                    {
                        debit.DebitsPosted -= amount;
                        credit.CreditsPosted -= amount;
                    }

                    debit.DebitsPending += pending.Amount;
                    credit.CreditsPending += pending.Amount;
                    pending.State = undo.PreviousPendingState;
                    break;
                }
            }

            _transfersById.RemoveNewest(stored.Transfer.Id);
            _transfers.RemoveLast();
        }
    }

    private static LedgerResult CheckOverflow(long debitSide, long creditSide, LedgerResult debitOverflow, LedgerResult creditOverflow, long amount)
    {
        if (!TryAdd(debitSide, amount, out _))
        {
            return debitOverflow;
        }

        return TryAdd(creditSide, amount, out _) ? LedgerResult.Ok : creditOverflow;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryAdd(long left, long right, out long sum)
    {
        sum = unchecked(left + right);
        return ((left ^ sum) & (right ^ sum)) >= 0;
    }

    private static int BitCount(TransferFlags flags) => System.Numerics.BitOperations.PopCount((uint)flags);

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

    private enum UndoKind : byte
    {
        Posted,
        PendingCreated,
        PendingPosted,
        PendingVoided,
    }

    private readonly record struct UndoRecord(int TransferIndex, int PendingIndex, TransferState PreviousPendingState, UndoKind Kind);
}
