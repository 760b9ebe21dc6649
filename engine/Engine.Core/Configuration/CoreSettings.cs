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
}
