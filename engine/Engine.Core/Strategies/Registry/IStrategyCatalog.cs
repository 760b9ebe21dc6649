namespace Engine.Core;

/// <summary>
/// What a user's strategy assembly exposes so that engine.json can name its strategies without recompiling the
/// engine: a public class with a parameterless constructor that registers the assembly's descriptors. The engine
/// loads every assembly listed in <c>strategyAssemblies</c>, creates each such class once and calls
/// <see cref="Register"/> on a copy of the engine's own registry (a name used twice is an error naming both).
/// </summary>
public interface IStrategyCatalog
{
    void Register(StrategyRegistry registry);
}
