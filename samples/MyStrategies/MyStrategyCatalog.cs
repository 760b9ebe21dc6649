using Engine.Core;

namespace MyStrategies;

/// <summary>What the engine looks for in this assembly: it registers the strategies engine.json may name.</summary>
public sealed class MyStrategyCatalog : IStrategyCatalog
{
    public void Register(StrategyRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.Register(IntervalBuyerStrategy.Descriptor);
    }
}
