using System.Reflection;

namespace Engine.PerfTests;

/// <summary>Finds every <see cref="IHarness"/> in this assembly, ordered by name.</summary>
public static class HarnessCatalog
{
    public static IReadOnlyList<IHarness> All()
    {
        var harnesses = new List<IHarness>();
        foreach (Type type in typeof(HarnessCatalog).Assembly.GetTypes())
        {
            if (type.IsAbstract || type.IsInterface || !typeof(IHarness).IsAssignableFrom(type))
            {
                continue;
            }

            ConstructorInfo? constructor = type.GetConstructor(Type.EmptyTypes);
            if (constructor is not null)
            {
                harnesses.Add((IHarness)constructor.Invoke(null));
            }
        }

        harnesses.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return harnesses;
    }
}
