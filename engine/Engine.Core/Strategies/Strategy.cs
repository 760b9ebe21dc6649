using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// A trading strategy hosted in the BLP: the same code runs live, on paper, in a backtest and in replay, because it
/// sees only inputs and acts only through its <see cref="StrategyContext"/> (every order goes through pre-trade risk
/// and the ledger). Callbacks run on the BLP thread, one at a time, and must be deterministic: no clock, randomness,
/// I/O or floating point in decisions; time is <see cref="StrategyContext.TimeNanos"/>. Override what you need.
/// Derive from <see cref="Strategy{TState}"/>: it declares the state once, and the hash, the snapshot and the restore
/// follow from that declaration. A strategy deriving from this class directly must keep <see cref="AddToHash"/>,
/// <see cref="WriteSnapshot"/> and <see cref="RestoreSnapshot"/> covering every field that influences a decision.
/// </summary>
public abstract class Strategy
{
    /// <summary>Once, before the first input, after the context is attached.</summary>
    public virtual void OnStart(StrategyContext context)
    {
    }

    /// <summary>The top of book of a listing changed (or its book went stale or fresh again: see <see cref="TopOfBook.IsStale"/>).</summary>
    public virtual void OnBook(StrategyContext context, in TopOfBook top)
    {
    }

    /// <summary>A public trade print.</summary>
    public virtual void OnTrade(StrategyContext context, in MarketTrade trade)
    {
    }

    /// <summary>One of this strategy's orders changed (accepted, filled, canceled, rejected, amended).</summary>
    public virtual void OnOrderUpdate(StrategyContext context, in OrderUpdate update)
    {
    }

    /// <summary>A timer input (the engine's heartbeat of time).</summary>
    public virtual void OnTimer(StrategyContext context, long timeNanos)
    {
    }

    /// <summary>An operator changed a parameter (journaled admin input). Return false when the name or value is invalid.</summary>
    public virtual bool OnParameter(StrategyContext context, string name, string value) => false;

    public abstract void AddToHash(ref StateHasher hasher);

    /// <summary>Writes every field <see cref="AddToHash"/> covers, for a BLP snapshot.</summary>
    public abstract void WriteSnapshot(SnapshotWriter writer);

    /// <summary>Restores what <see cref="WriteSnapshot"/> wrote, into a strategy built from the same definition.</summary>
    public abstract void RestoreSnapshot(SnapshotReader reader);
}
