using System.Diagnostics.CodeAnalysis;

namespace Engine.Core;

/// <summary>
/// Strategies by name: the configuration's <c>"kind"</c> picks a descriptor here, whose typed parameters validate the
/// configured values before the engine starts (a clear error naming the parameter, never a surprise mid-run). The
/// engine's own samples are in <see cref="Default"/>; a user's project registers its strategies in a registry of its
/// own (or a copy of the default) and hands it to the configuration loader. Built at start, read-only afterwards.
/// </summary>
public sealed class StrategyRegistry
{
    private readonly Dictionary<string, StrategyDescriptor> _byName = new(StringComparer.Ordinal);
    private bool _frozen;

    /// <summary>The engine's sample strategies (read-only: <see cref="Copy"/> it to add one's own).</summary>
    public static StrategyRegistry Default { get; } = new StrategyRegistry()
        .Register(MarketMakingStrategy.Descriptor)
        .Register(MomentumTakerStrategy.Descriptor)
        .Freeze();

    public IEnumerable<string> Names => _byName.Keys.Order(StringComparer.Ordinal);

    /// <summary>Adds a strategy; its name must be new.</summary>
    public StrategyRegistry Register(StrategyDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        if (_frozen)
        {
            throw new InvalidOperationException("this registry is read-only: register in a Copy() of it");
        }

        if (!_byName.TryAdd(descriptor.Name, descriptor))
        {
            throw new ArgumentException($"a strategy named '{descriptor.Name}' is registered already", nameof(descriptor));
        }

        return this;
    }

    /// <summary>A new registry with this one's strategies, to add one's own to.</summary>
    public StrategyRegistry Copy()
    {
        var copy = new StrategyRegistry();
        foreach (StrategyDescriptor descriptor in _byName.Values)
        {
            copy.Register(descriptor);
        }

        return copy;
    }

    private StrategyRegistry Freeze()
    {
        _frozen = true;
        return this;
    }

    public bool TryGet(string name, [NotNullWhen(true)] out StrategyDescriptor? descriptor) => _byName.TryGetValue(name, out descriptor);
}
