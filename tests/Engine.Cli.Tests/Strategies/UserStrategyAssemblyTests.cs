using System.Text.Json.Nodes;

namespace Engine.Cli.Tests;

/// <summary>
/// A user keeps strategies in a project of their own (samples/MyStrategies) and engine.json names its assembly: the
/// engine loads it, its strategies are registered by name with typed parameters, and they run (here in a backtest)
/// without the engine being recompiled; the journal's copy of the config names the assembly so replay finds it.
/// </summary>
public sealed class UserStrategyAssemblyTests
{
    private TemporaryDirectory _temporary = null!;

    private string Folder => _temporary.Path;

    [SetUp]
    public void SetUp() => _temporary = new TemporaryDirectory("user-strategies");

    [TearDown]
    public void TearDown() => _temporary.Dispose();

    [Test]
    public void AStrategyFromAUserAssembly_RunsByName_RepeatablyAndReplayably()
    {
        string config = WriteConfig(UserAssembly(), "interval-buyer", new JsonObject { ["quantity"] = "0.01", ["intervalMillis"] = 2_000, ["maxPosition"] = "0.05" });

        EngineRun first = EngineProcess.Run("backtest", "--config", config, "--seconds", "20", "--seed", "5", "--data-dir", Path.Combine(Folder, "a"));
        EngineRun second = EngineProcess.Run("backtest", "--config", config, "--seconds", "20", "--seed", "5", "--data-dir", Path.Combine(Folder, "b"));

        Assert.That(first.ExitCode, Is.Zero, first.StandardError);
        Assert.That(first.StandardOutput, Does.Contain("account 1: position 0.05000"), "five purchases of 0.01 reach its target position");
        Assert.That(LastLine(second), Is.EqualTo(LastLine(first)));
        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(Folder, "a", "journal"));
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(LastLine(replay), Is.EqualTo(LastLine(first)));
    }

    [Test]
    public void AMissingAssembly_IsAConfigError_NamingTheKey()
    {
        string config = WriteConfig(Path.Combine(Folder, "nowhere", "Missing.dll"), "interval-buyer", []);

        EngineRun run = EngineProcess.Run("backtest", "--config", config, "--seconds", "1", "--data-dir", Path.Combine(Folder, "a"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("engine.json: $.strategyAssemblies[0]: ").And.Contain("Missing.dll does not exist"));
    }

    [Test]
    public void AnAssemblyWithoutACatalog_IsAConfigError_SayingWhatIsMissing()
    {
        string config = WriteConfig(Path.Combine(TestContext.CurrentContext.TestDirectory, "Engine.Model.dll"), "interval-buyer", []);

        EngineRun run = EngineProcess.Run("backtest", "--config", config, "--seconds", "1", "--data-dir", Path.Combine(Folder, "a"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("$.strategyAssemblies[0]: Engine.Model has no public class implementing IStrategyCatalog"));
    }

    [Test]
    public void AUserStrategysParameter_IsValidatedLikeTheEnginesOwn()
    {
        string config = WriteConfig(UserAssembly(), "interval-buyer", new JsonObject { ["quantity"] = "0", ["intervalMillis"] = 2_000, ["maxPosition"] = "0.05" });

        EngineRun run = EngineProcess.Run("backtest", "--config", config, "--seconds", "1", "--data-dir", Path.Combine(Folder, "a"));

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("$.strategies[0].parameters.quantity: '0' (0) is outside"));
    }

    private static string UserAssembly() => Path.Combine(TestContext.CurrentContext.TestDirectory, "user-strategies", "MyStrategies.dll");

    /// <summary>The repository's config with its one strategy replaced, the assembly named relative to the config's folder.</summary>
    private string WriteConfig(string assembly, string kind, JsonObject parameters)
    {
        string folder = Path.Combine(Folder, "config");
        Directory.CreateDirectory(folder);
        string repositoryConfig = Path.Combine(RepositoryRoot(), "config");
        File.Copy(Path.Combine(repositoryConfig, "instruments.json"), Path.Combine(folder, "instruments.json"));
        File.Copy(Path.Combine(repositoryConfig, "risk.json"), Path.Combine(folder, "risk.json"));
        JsonNode engine = JsonNode.Parse(File.ReadAllText(Path.Combine(repositoryConfig, "engine.json")), documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        engine["strategyAssemblies"] = new JsonArray(Path.GetRelativePath(folder, assembly));
        engine["strategies"]![0]!["kind"] = kind;
        engine["strategies"]![0]!["parameters"] = parameters;
        string path = Path.Combine(folder, "engine.json");
        File.WriteAllText(path, engine.ToJsonString());
        return path;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Engine.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Engine.sln not found above " + TestContext.CurrentContext.TestDirectory);
    }

    private static string LastLine(EngineRun run) => run.StandardOutput.TrimEnd().Split('\n')[^1].Trim();
}
