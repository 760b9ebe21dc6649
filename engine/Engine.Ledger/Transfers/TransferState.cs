namespace Engine.Ledger.Transfers;

/// <summary>Where a stored transfer is in its life. Single-phase transfers are born Posted.</summary>
public enum TransferState : byte
{
    Posted = 1,
    Pending = 2,
    PendingPosted = 3,
    PendingVoided = 4,
    PendingExpired = 5,
}
