using System.Text.Json;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Host;

/// <summary>
/// engine.json's <c>mode</c> and, in paper mode, its optional <c>paper</c> object: which venues the engine simulates
/// (<see cref="Venues"/>; default every venue of the instrument file that is neither internal nor simulated, the
/// real venues) and how their fills are simulated (<see cref="Fills"/>: the latency of an order request to the venue and
/// the queue model of resting orders, docs/FILL-SIMULATION.md). Immutable.
/// <code>
/// "mode": "paper",                                   // live (default) | paper
/// "paper": { "venues": [ "BINANCE" ],                // optional: default every real venue
///            "orderLatencyMicros": 100,              // optional: engine -> venue latency of a request (default 100)
///            "queueModel": "risk-averse" }           // optional: risk-averse (default) | probabilistic
/// </code>
/// </summary>
public sealed record PaperTradingConfig(IReadOnlyList<VenueId> Venues, FillSimulationOptions Fills)
{
    private static readonly string[] s_paperKeys = ["venues", "orderLatencyMicros", "queueModel"];

    /// <summary>Whether orders for <paramref name="venue"/> are filled by the engine's paper venue.</summary>
    public bool IsPaper(VenueId venue)
    {
        foreach (VenueId paper in Venues)
        {
            if (paper == venue)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Reads <c>$.mode</c> (default live) and <c>$.paper</c>, which is only valid in paper mode.</summary>
    internal static (TradingMode Mode, PaperTradingConfig? Paper) Parse(JsonElement root, StrictJsonReader reader, InstrumentRegistry registry)
    {
        TradingMode mode = !root.TryGetProperty("mode", out _) ? TradingMode.Live : reader.RequireString(root, "$", "mode") switch
        {
            "live" => TradingMode.Live,
            "paper" => TradingMode.Paper,
            string other => throw reader.Error("$.mode", $"'{other}' is not one of live, paper"),
        };
        bool hasPaper = root.TryGetProperty("paper", out JsonElement paper);
        if (mode == TradingMode.Live)
        {
            return hasPaper ? throw reader.Error("$.paper", "is only read with \"mode\": \"paper\"") : (mode, null);
        }

        if (hasPaper)
        {
            reader.RequireObject(paper, "$.paper", s_paperKeys);
        }

        var venues = new List<VenueId>();
        if (hasPaper && paper.TryGetProperty("venues", out _))
        {
            int index = 0;
            foreach (JsonElement element in reader.RequireArray(paper, "$.paper", "venues").EnumerateArray())
            {
                string path = $"$.paper.venues[{index++}]";
                string code = element.ValueKind == JsonValueKind.String ? element.GetString()! : throw reader.Error(path, $"expected a venue code, found {StrictJsonReader.Describe(element.ValueKind)}");
                if (!registry.TryGetVenue(code, out Venue? venue))
                {
                    throw reader.Error(path, $"unknown venue '{code}' (the instrument file has {string.Join(", ", registry.Venues.Select(v => v.Code))})");
                }

                if (venue.IsInternal)
                {
                    throw reader.Error(path, $"{code} is internal: its orders are matched inside the engine in every mode");
                }

                if (venues.Contains(venue.Id))
                {
                    throw reader.Error(path, $"{code} is named twice");
                }

                venues.Add(venue.Id);
            }

            if (venues.Count == 0)
            {
                throw reader.Error("$.paper.venues", "names no venue (leave the key out for every real venue)");
            }
        }
        else
        {
            venues.AddRange(registry.Venues.Where(v => !v.IsInternal && !v.IsSimulated).Select(v => v.Id));
        }

        var fills = new FillSimulationOptions();
        if (hasPaper && paper.TryGetProperty("orderLatencyMicros", out _))
        {
            fills = fills with { OrderLatency = new LatencyModel(reader.RequireInt(paper, "$.paper", "orderLatencyMicros", 0, 1_000_000) * 1_000L) };
        }

        if (hasPaper && paper.TryGetProperty("queueModel", out _))
        {
            fills = fills with
            {
                QueueModel = reader.RequireString(paper, "$.paper", "queueModel") switch
                {
                    "risk-averse" => QueueModelKind.RiskAverse,
                    "probabilistic" => QueueModelKind.Probabilistic,
                    string other => throw reader.Error("$.paper.queueModel", $"'{other}' is not one of risk-averse, probabilistic"),
                },
            };
        }

        return (mode, new PaperTradingConfig(venues, fills));
    }
}
