using System.Runtime.CompilerServices;
using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;

namespace Engine.Ledger;

/// <summary>Applying one transfer in TigerBeetle's check order: single-phase and pending transfers, then posting or voiding a pending one; every sum overflow-checked, every refusal a result code.</summary>
public sealed partial class Ledger
{
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
}
