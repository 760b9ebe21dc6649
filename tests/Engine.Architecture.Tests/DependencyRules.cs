namespace Engine.Architecture.Tests;

/// <summary>
/// The dependency rules of ../shared/design/ARCHITECTURE.md as data: for each production project, the production
/// projects it may reference. Anything not listed is forbidden. A new production project must be added here, so
/// adding one is a deliberate architectural decision.
/// </summary>
public static class DependencyRules
{
    private static readonly string[] s_none = [];

    /// <summary>Production project name to the production projects it may reference (directly or not).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // engine/: the deterministic domain, bottom up.
        ["Engine.Primitives"] = s_none,
        ["Engine.Concurrency"] = ["Engine.Primitives"],
        ["Engine.Model"] = ["Engine.Primitives"],
        // Matching, Risk and Ledger never reference one another; Core composes them.
        ["Engine.Matching"] = ["Engine.Primitives", "Engine.Model"],
        ["Engine.Risk"] = ["Engine.Primitives", "Engine.Model"],
        ["Engine.Ledger"] = ["Engine.Primitives", "Engine.Model"],
        ["Engine.Core"] = ["Engine.Primitives", "Engine.Model", "Engine.Matching", "Engine.Risk", "Engine.Ledger", "Engine.Codecs", "Engine.Concurrency"],

        // schemas/: the wire and journal formats. The schema library and its generator know no domain.
        ["Engine.Sbe"] = s_none,
        ["Engine.Sbe.Generator"] = s_none,
        ["Engine.Codecs"] = ["Engine.Sbe.Generator"],

        // journal/ and gateways/Engine.Transport move bytes and never see domain types.
        ["Engine.Journal"] = ["Engine.Primitives", "Engine.Concurrency"],
        ["Engine.Journal.Postgres"] = ["Engine.Primitives", "Engine.Concurrency", "Engine.Journal", "Engine.Sbe"],
        ["Engine.Transport"] = ["Engine.Primitives", "Engine.Concurrency"],

        // Gateways are processes at the edge: they speak the codecs and may run the simulated venue's matching. Every
        // gateway is built on the hosting library (attach, heartbeat, back-pressure, lapped reads).
        ["Engine.Gateways"] = ["Engine.Primitives", "Engine.Concurrency", "Engine.Model", "Engine.Codecs", "Engine.Transport", "Engine.Matching", "Engine.Sbe.Generator", "Engine.Gateways.Hosting"],

        // Only the host references everything.
        ["Engine.Host"] = ["*"],
    };

    /// <summary>Folders whose projects production code must never reference.</summary>
    public static readonly IReadOnlyList<string> NonProductionFolders = ["tests", "bench", "tools", "samples"];

    /// <summary>The rule of a project; every <c>Engine.Gateways.*</c> adapter shares the gateways' rule.</summary>
    public static bool TryGetRule(string project, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string[]? allowed)
    {
        ArgumentNullException.ThrowIfNull(project);
        const string GatewayPrefix = "Engine.Gateways.";
        string key = project.StartsWith(GatewayPrefix, StringComparison.Ordinal) ? "Engine.Gateways" : project;
        return Allowed.TryGetValue(key, out allowed);
    }

    /// <summary>Checks every edge; returns one readable line per violation (empty when the graph obeys the rules).</summary>
    public static IReadOnlyList<string> Check(IEnumerable<DependencyEdge> edges, IReadOnlySet<string> nonProductionProjects)
    {
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(nonProductionProjects);
        var violations = new List<string>();
        foreach (DependencyEdge edge in edges)
        {
            if (nonProductionProjects.Contains(edge.To))
            {
                violations.Add($"{edge.From} -> {edge.To} ({edge.Evidence}): production code must not reference tests, bench, tools or samples");
                continue;
            }

            if (!TryGetRule(edge.From, out string[]? allowed))
            {
                violations.Add($"{edge.From} -> {edge.To} ({edge.Evidence}): {edge.From} has no dependency rule; add it to {nameof(DependencyRules)}");
                continue;
            }

            if (!allowed.Contains("*") && !allowed.Contains(edge.To))
            {
                violations.Add($"{edge.From} -> {edge.To} ({edge.Evidence}): forbidden by the architecture's dependency rules");
            }
        }

        return violations;
    }
}
