namespace Engine.Architecture.Tests;

[TestFixture]
public sealed class DependencyRuleTests
{
    private static readonly IReadOnlySet<string> s_nonProduction = new HashSet<string>(StringComparer.Ordinal)
    {
        "Engine.Cli", "engine", "Engine.PerfTests", "Engine.Core.Tests",
    };

    [Test]
    public void ProductionProjects_DeclareOnlyReferencesTheRulesAllow()
    {
        RepositoryGraph graph = RepositoryGraph.Load();
        IReadOnlyList<string> violations = DependencyRules.Check(graph.DeclaredEdges(), graph.NonProductionProjectNames);
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [Test]
    public void ProductionAssemblies_ReferenceOnlyWhatTheRulesAllow()
    {
        RepositoryGraph graph = RepositoryGraph.Load();
        List<DependencyEdge> edges = graph.CompiledEdges(TestContext.CurrentContext.TestDirectory).ToList();
        IReadOnlyList<string> violations = DependencyRules.Check(edges, graph.NonProductionProjectNames);
        Assert.That(violations, Is.Empty, string.Join(Environment.NewLine, violations));
    }

    [Test]
    public void EveryProductionProject_HasADependencyRule()
    {
        RepositoryGraph graph = RepositoryGraph.Load();
        string[] missing = graph.ProductionProjects
            .Where(p => !DependencyRules.TryGetRule(p.Name, out _))
            .Select(p => p.Name)
            .ToArray();
        Assert.That(missing, Is.Empty, "production projects without a rule in DependencyRules.Allowed");
    }

    [Test]
    public void EveryProductionProject_IsCheckedInItsCompiledForm()
    {
        RepositoryGraph graph = RepositoryGraph.Load();
        string[] notBuilt = graph.ProductionProjects
            .Where(p => !File.Exists(Path.Combine(TestContext.CurrentContext.TestDirectory, p.AssemblyName + ".dll")))
            .Select(p => p.Name)
            .ToArray();
        Assert.That(notBuilt, Is.Empty, "production assemblies missing next to the architecture tests (is the project under a production folder?)");
    }

    [Test]
    public void Checker_CatchesMatchingReferencingRisk()
    {
        var edges = new[] { new DependencyEdge("Engine.Matching", "Engine.Risk", "deliberate test edge") };
        IReadOnlyList<string> violations = DependencyRules.Check(edges, s_nonProduction);
        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Does.Contain("Engine.Matching -> Engine.Risk").And.Contain("forbidden"));
    }

    [TestCase("Engine.Ledger", "Engine.Matching")]
    [TestCase("Engine.Risk", "Engine.Ledger")]
    [TestCase("Engine.Journal", "Engine.Model")]
    [TestCase("Engine.Transport", "Engine.Core")]
    [TestCase("Engine.Primitives", "Engine.Concurrency")]
    public void Checker_CatchesForbiddenDomainEdge(string from, string to)
    {
        IReadOnlyList<string> violations = DependencyRules.Check([new DependencyEdge(from, to, "deliberate test edge")], s_nonProduction);
        Assert.That(violations, Has.Count.EqualTo(1));
    }

    [TestCase("Engine.Core", "Engine.Core.Tests")]
    [TestCase("Engine.Host", "engine")]
    [TestCase("Engine.Matching", "Engine.PerfTests")]
    public void Checker_CatchesProductionReferencingTestsBenchOrTools(string from, string to)
    {
        IReadOnlyList<string> violations = DependencyRules.Check([new DependencyEdge(from, to, "deliberate test edge")], s_nonProduction);
        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Does.Contain("must not reference tests, bench, tools or samples"));
    }

    [Test]
    public void Checker_CatchesAProjectWithoutARule()
    {
        IReadOnlyList<string> violations = DependencyRules.Check([new DependencyEdge("Engine.Unplanned", "Engine.Primitives", "deliberate test edge")], s_nonProduction);
        Assert.That(violations, Has.Count.EqualTo(1));
        Assert.That(violations[0], Does.Contain("has no dependency rule"));
    }

    [Test]
    public void Checker_AcceptsCoreComposingMatchingRiskAndLedger()
    {
        DependencyEdge[] edges =
        [
            new("Engine.Core", "Engine.Matching", "test"),
            new("Engine.Core", "Engine.Risk", "test"),
            new("Engine.Core", "Engine.Ledger", "test"),
            new("Engine.Host", "Engine.Journal", "test"),
        ];
        Assert.That(DependencyRules.Check(edges, s_nonProduction), Is.Empty);
    }
}
