using System.Reflection;
using Engine.Core;

namespace Engine.Host;

/// <summary>
/// A user's strategy assemblies (docs/STRATEGIES.md): each is loaded in its own <see cref="StrategyAssemblyLoadContext"/>
/// and every public <see cref="IStrategyCatalog"/> in it registers its strategies. engine.json's
/// <c>strategyAssemblies</c> and <c>engine backtest --strategy-assembly</c> both come here; each problem (no such
/// file, not an assembly, no catalog, a name registered twice) is an exception made by the caller's
/// <c>error</c>, so it names what the caller was given.
/// </summary>
public static class StrategyAssemblies
{
    /// <summary>Loads <paramref name="file"/> (a full path) and registers its catalogs' strategies in <paramref name="registry"/>.</summary>
    public static void Register(string file, StrategyRegistry registry, Func<string, Exception> error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(error);
        RegisterCatalogs(LoadAssembly(file, error), registry, error);
    }

    private static Assembly LoadAssembly(string file, Func<string, Exception> error)
    {
        if (!File.Exists(file))
        {
            throw error($"{file} does not exist (build the strategy project first: dotnet build -c Release)");
        }

        try
        {
            return new StrategyAssemblyLoadContext(file).LoadFromAssemblyPath(file);
        }
        catch (Exception e) when (e is BadImageFormatException or FileLoadException or IOException)
        {
            throw error($"{file} is not a .NET assembly the engine can load: {e.Message}");
        }
    }

    private static void RegisterCatalogs(Assembly assembly, StrategyRegistry registry, Func<string, Exception> error)
    {
        Type[] types;
        try
        {
            types = assembly.GetExportedTypes();
        }
        catch (Exception e) when (e is ReflectionTypeLoadException or FileNotFoundException or FileLoadException)
        {
            throw error($"{assembly.GetName().Name}: its types cannot be loaded (built against another engine version?): {e.Message}");
        }

        Type[] catalogs = [.. types.Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IStrategyCatalog).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal)];
        if (catalogs.Length == 0)
        {
            throw error($"{assembly.GetName().Name} has no public class implementing {nameof(IStrategyCatalog)} (see docs/STRATEGIES.md)");
        }

        foreach (Type type in catalogs)
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw error($"{type.FullName} has no public parameterless constructor");
            }

            var catalog = (IStrategyCatalog)Activator.CreateInstance(type)!;
            try
            {
                catalog.Register(registry);
            }
            catch (ArgumentException e)
            {
                throw error($"{type.FullName}: {e.Message}");
            }
        }
    }
}
