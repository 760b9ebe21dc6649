using Engine.Model;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// Everything the BLP starts from. Two BLPs built from equal settings and fed the same inputs end in the same
/// <see cref="BusinessLogicProcessor.StateHash"/>; the engine host builds them from its validated config files, and
/// replay builds them from the copy of those files kept next to the journal. Immutable.
/// </summary>
public sealed record CoreSettings(
    InstrumentRegistry Registry,
    RiskSettings Risk,
    int LedgerScale,
    IReadOnlyList<VenueFees> Fees,
    IReadOnlyList<StrategyDefinition> Strategies)
{
    /// <summary>Ledger amounts default to 8 decimals: every configured listing fits (the finest is 10^-8 BTC).</summary>
    public const int DefaultLedgerScale = 8;

    /// <summary>The ledger's default up-front transfer capacity: 65,536 (about 7 MiB with the index).</summary>
    public const int DefaultLedgerTransferCapacity = 1 << 16;

    /// <summary>The largest configurable up-front capacity: 2^27 transfers (about 14 GiB).</summary>
    public const int MaxLedgerTransferCapacity = 1 << 27;

    /// <summary>
    /// Transfers the ledger allocates and faults in at start. It grows past them a chunk at a time, each chunk made
    /// ready off the BLP thread; a session that creates transfers faster than one thread can fault memory in (a few
    /// hundred MB/s on the standard VM) sizes it up front instead, as the tick-to-trade harness does.
    /// </summary>
    public int LedgerTransferCapacity { get; init; } = DefaultLedgerTransferCapacity;
}
