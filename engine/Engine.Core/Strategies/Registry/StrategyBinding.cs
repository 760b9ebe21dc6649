using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Core;

/// <summary>What a configured strategy instance is bound to: its id, the account it trades for, its listing and that listing's rules. Immutable.</summary>
public sealed record StrategyBinding(StrategyId Id, AccountId Account, ListingId Listing, TradingRules Rules);
