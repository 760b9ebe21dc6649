using Engine.Ledger.Accounts;
using Engine.Ledger.Transfers;
using Engine.Primitives;

namespace Engine.Ledger;

/// <summary>A BLP snapshot of the ledger (accounts and transfers as bytes, indexes rebuilt on restore) and its part of the state hash.</summary>
public sealed partial class Ledger
{
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

    /// <summary>Feeds every account (in id order) and every transfer (in applied order) into the state hash.</summary>
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
}
