using Engine.Core;

namespace Engine.Host;

/// <summary>The end state of a backtest: the processor (positions, ledger, counters), inputs journaled, simulated and wall time, and the StateHash.</summary>
public sealed record BacktestResult(BusinessLogicProcessor Processor, long Inputs, long SimulatedNanos, TimeSpan WallTime, ulong StateHash);
