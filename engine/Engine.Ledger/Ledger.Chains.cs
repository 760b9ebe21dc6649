using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;

namespace Engine.Ledger;

/// <summary>Linked chains: every transfer of the current chain leaves an undo record, so a failing member rolls the whole chain back, newest first.</summary>
public sealed partial class Ledger
{
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


    private enum UndoKind : byte
    {
        Posted,
        PendingCreated,
        PendingPosted,
        PendingVoided,
    }

    private readonly record struct UndoRecord(int TransferIndex, int PendingIndex, TransferState PreviousPendingState, UndoKind Kind);
}
