using Engine.Model;

namespace Engine.Core;

/// <summary>One typed parameter of a registered strategy, as the configuration and the operators' tools see it.</summary>
public interface IStrategyParameter
{
    string Name { get; }

    ParameterKind Kind { get; }

    string Description { get; }

    /// <summary>The value a strategy gets when its configuration leaves the parameter out; null: it must be given.</summary>
    string? Default { get; }

    /// <summary>Reads and validates a value given as text at the bound listing's rules; on failure, <paramref name="error"/> says why.</summary>
    bool TryParse(string text, in TradingRules rules, out long value, out string error);
}
