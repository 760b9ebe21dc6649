using Engine.Model;

namespace Engine.Core;

/// <summary>
/// A strategy as the registry knows it: its name (the config's "kind"), what it does, its typed parameters, and how to
/// build an instance from validated values. Immutable; shared by every instance.
/// </summary>
public abstract class StrategyDescriptor
{
    protected StrategyDescriptor(string name, string description)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Description = description;
    }

    public string Name { get; }

    public string Description { get; }

    public abstract IReadOnlyList<IStrategyParameter> Parameters { get; }

    /// <summary>
    /// Reads configured parameter texts at the bound listing's rules, applying the defaults of the ones left out. Every
    /// problem is added to <paramref name="errors"/> as (parameter, message): an unknown name, a missing value, one that
    /// does not parse or is out of range. The values are complete only when no error was added.
    /// </summary>
    public Dictionary<string, long> Parse(IReadOnlyDictionary<string, string> texts, in TradingRules rules, List<(string Parameter, string Message)> errors)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(errors);
        var values = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string name in texts.Keys)
        {
            if (!Parameters.Any(p => p.Name == name))
            {
                errors.Add((name, $"unknown parameter of {Name} (known: {string.Join(", ", Parameters.Select(p => p.Name))})"));
            }
        }

        foreach (IStrategyParameter parameter in Parameters)
        {
            string? text = texts.TryGetValue(parameter.Name, out string? given) ? given : parameter.Default;
            if (text is null)
            {
                errors.Add((parameter.Name, $"missing: {parameter.Description}"));
                continue;
            }

            if (parameter.TryParse(text, rules, out long value, out string error))
            {
                values[parameter.Name] = value;
            }
            else
            {
                errors.Add((parameter.Name, error));
            }
        }

        return values;
    }

    /// <summary>Builds one instance from values <see cref="Parse"/> returned without errors.</summary>
    public abstract Strategy Create(StrategyBinding binding, IReadOnlyDictionary<string, long> values);
}
