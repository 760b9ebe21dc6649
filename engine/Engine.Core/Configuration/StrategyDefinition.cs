using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>
/// One strategy the BLP hosts: its id (for risk's per-strategy limits and in every order), the account it trades
/// for, and a factory that builds a fresh instance (replay builds its own, so nothing is shared with a live run).
/// Immutable.
/// </summary>
public sealed record StrategyDefinition(StrategyId Id, AccountId Account, string Kind, Func<Strategy> Create);
