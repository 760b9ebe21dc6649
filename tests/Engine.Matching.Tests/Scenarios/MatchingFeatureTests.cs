namespace Engine.Matching.Tests.Scenarios;

/// <summary>
/// The matching scenarios of ../shared/data/matching (exchange-core, MultiBitExchange), read and run at test time:
/// one test per scenario (per example row of an outline).
/// </summary>
[TestFixture]
public sealed class MatchingFeatureTests
{
    private const string RiskFeature = "risk.feature";

    public static IEnumerable<TestCaseData> Scenarios()
    {
        string? folder = FindFolder();
        if (folder is null)
        {
            yield return new TestCaseData(null, null).SetName("MatchingFeatures_SharedDataMissing");
            yield break;
        }

        // risk.feature checks exchange-core's pre-trade balance checks (RISK_NSF): risk and ledger semantics, run by
        // tests/Engine.Risk.Tests/Scenarios/RiskFeatureTests, not by the matching engine's scenarios.
        foreach (string file in Directory.GetFiles(folder, "*.feature").Where(f => Path.GetFileName(f) != RiskFeature).Order(StringComparer.Ordinal))
        {
            foreach (GherkinScenario scenario in GherkinParser.Parse(file))
            {
                yield return new TestCaseData(Path.GetFileName(file), scenario.Name).SetName($"{Path.GetFileNameWithoutExtension(file)}: {scenario.Name}");
            }
        }
    }

    [TestCaseSource(nameof(Scenarios))]
    public void Scenario_BookAndTradesAreAsStated(string? file, string? name)
    {
        string folder = SharedData.Folder("matching");
        GherkinScenario scenario = GherkinParser.Parse(Path.Combine(folder, file!)).Single(s => s.Name == name);
        var runner = new ScenarioRunner();
        runner.Run(scenario);
        foreach (string skipped in runner.Skipped)
        {
            TestContext.Out.WriteLine("skipped step " + skipped);
        }
    }

    [Test]
    public void FeatureFiles_AllParse_IntoScenarios()
    {
        string folder = SharedData.Folder("matching");
        int scenarios = Directory.GetFiles(folder, "*.feature").Sum(f => GherkinParser.Parse(f).Count);
        Assert.That(scenarios, Is.GreaterThanOrEqualTo(40));
    }

    private static string? FindFolder()
    {
        string? directory = AppContext.BaseDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? path = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", "matching"));
        return path is not null && Directory.Exists(path) ? path : null;
    }
}
