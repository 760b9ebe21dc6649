using System.Text.Json;
using Engine.Core;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;

namespace Engine.Host;

/// <summary>
/// engine.json's strategies: <c>strategyAssemblies</c> (a user's compiled strategies, loaded beside the engine's own
/// samples) and the <c>strategies</c> array that binds registered strategies to accounts and listings with validated
/// parameters. Every error names the key, as the rest of the configuration's do.
/// </summary>
internal static class StrategyConfig
{
    private static readonly string[] s_strategyKeys = ["id", "kind", "account", "instrument", "venue", "parameters"];

    /// <summary>
    /// The registry the configuration names strategies from: <paramref name="engineStrategies"/>, plus, for each path
    /// of <c>strategyAssemblies</c> (relative to engine.json's folder), every <see cref="IStrategyCatalog"/> of that
    /// assembly. No key: <paramref name="engineStrategies"/> itself.
    /// </summary>
    public static StrategyRegistry ParseAssemblies(JsonElement root, StrictJsonReader reader, string folder, StrategyRegistry engineStrategies)
    {
        if (!root.TryGetProperty("strategyAssemblies", out _))
        {
            return engineStrategies;
        }

        StrategyRegistry registry = engineStrategies.Copy();
        int index = 0;
        foreach (JsonElement element in reader.RequireArray(root, "$", "strategyAssemblies").EnumerateArray())
        {
            string path = $"$.strategyAssemblies[{index++}]";
            if (element.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(element.GetString()))
            {
                throw reader.Error(path, $"expected the path of a .dll, found {StrictJsonReader.Describe(element.ValueKind)}");
            }

            string file = System.IO.Path.GetFullPath(System.IO.Path.Combine(folder, element.GetString()!));
            StrategyAssemblies.Register(file, registry, message => reader.Error(path, message));
        }

        return registry;
    }

    /// <summary>
    /// The <c>strategies</c> array: each names a registered strategy (<c>kind</c>), its id, account and listing
    /// (<c>instrument</c>, and <c>venue</c> when the instrument trades on several), and its parameters, which the
    /// strategy's descriptor validates here, before the engine starts, at the listing's scales.
    /// </summary>
    public static Func<IReadOnlyList<StrategyDefinition>> Parse(JsonElement root, StrictJsonReader reader, RiskSettings risk, InstrumentRegistry registry, StrategyRegistry strategies)
    {
        var factories = new List<(StrategyId Id, AccountId Account, string Kind, Func<Strategy> Create)>();
        if (root.TryGetProperty("strategies", out _))
        {
            int index = 0;
            foreach (JsonElement element in reader.RequireArray(root, "$", "strategies").EnumerateArray())
            {
                string path = $"$.strategies[{index++}]";
                reader.RequireObject(element, path, s_strategyKeys);
                var id = new StrategyId(reader.RequireInt(element, path, "id", 1, risk.MaxStrategyId));
                var account = new AccountId(reader.RequireInt(element, path, "account", 1, risk.MaxAccountId));
                string kind = reader.RequireString(element, path, "kind");
                if (factories.Exists(f => f.Id == id))
                {
                    throw reader.Error(path + ".id", $"strategy id {id.Value} is used twice");
                }

                if (!strategies.TryGet(kind, out StrategyDescriptor? descriptor))
                {
                    throw reader.Error(path + ".kind", $"unknown strategy kind '{kind}' (known: {string.Join(", ", strategies.Names)})");
                }

                string symbol = reader.RequireString(element, path, "instrument");
                RiskInstrument traded = risk.Instruments.FirstOrDefault(i => i.Symbol == symbol)
                    ?? throw reader.Error(path + ".instrument", $"'{symbol}' is not traded (it has no entry in the risk config)");
                RiskListing listing = traded.Listings[0];
                if (element.TryGetProperty("venue", out _))
                {
                    string venue = reader.RequireString(element, path, "venue");
                    listing = traded.Listings.FirstOrDefault(l => registry.TryGetVenue(venue, out Venue? named) && l.Venue == named.Id)
                        ?? throw reader.Error(path + ".venue", $"{symbol} is not traded on '{venue}' (its risk entry's venues)");
                }

                var binding = new StrategyBinding(id, account, listing.Id, listing.Rules);
                IReadOnlyDictionary<string, long> values = ParseParameters(element, reader, path, descriptor, binding);
                factories.Add((id, account, kind, () => descriptor.Create(binding, values)));
            }
        }

        return () => factories.ConvertAll(f => new StrategyDefinition(f.Id, f.Account, f.Kind, f.Create));
    }

    /// <summary>The strategy's <c>parameters</c> object, as texts its descriptor reads (decimals are strings, so they parse exactly).</summary>
    private static IReadOnlyDictionary<string, long> ParseParameters(JsonElement element, StrictJsonReader reader, string path, StrategyDescriptor descriptor, StrategyBinding binding)
    {
        string parametersPath = path + ".parameters";
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("parameters", out JsonElement parameters))
        {
            if (parameters.ValueKind != JsonValueKind.Object)
            {
                throw reader.Error(parametersPath, $"expected an object, found {StrictJsonReader.Describe(parameters.ValueKind)}");
            }

            foreach (JsonProperty property in parameters.EnumerateObject())
            {
                texts[property.Name] = property.Value.ValueKind switch
                {
                    JsonValueKind.String => property.Value.GetString()!,
                    JsonValueKind.Number => property.Value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    JsonValueKind other => throw reader.Error($"{parametersPath}.{property.Name}", $"expected a string, number or boolean, found {StrictJsonReader.Describe(other)}"),
                };
            }
        }

        var errors = new List<(string Parameter, string Message)>();
        Dictionary<string, long> values = descriptor.Parse(texts, binding.Rules, errors);
        if (errors.Count > 0)
        {
            throw reader.Error($"{parametersPath}.{errors[0].Parameter}", errors[0].Message);
        }

        return values;
    }
}
