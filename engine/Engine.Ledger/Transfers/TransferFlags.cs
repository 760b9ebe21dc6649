namespace Engine.Ledger.Transfers;

/// <summary>How a transfer behaves, as TigerBeetle defines it.</summary>
[Flags]
public enum TransferFlags : ushort
{
    None = 0,

    /// <summary>Links this transfer to the next one in the batch: the chain succeeds or fails as one.</summary>
    Linked = 1 << 0,

    /// <summary>Phase one of a two-phase transfer: reserves the amount as pending on both accounts.</summary>
    Pending = 1 << 1,

    /// <summary>Phase two: posts the pending transfer named by PendingId, in full or in part (the rest is released).</summary>
    PostPendingTransfer = 1 << 2,

    /// <summary>Phase two: releases the pending transfer named by PendingId.</summary>
    VoidPendingTransfer = 1 << 3,
}
