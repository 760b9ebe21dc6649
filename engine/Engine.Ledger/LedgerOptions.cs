namespace Engine.Ledger;

/// <summary>Initial table sizes: size them for a session so steady-state operation never grows (allocates).</summary>
public sealed record LedgerOptions
{
    public int InitialAccountCapacity { get; init; } = 1024;

    public int InitialTransferCapacity { get; init; } = 1 << 16;
}
