namespace Engine.Cli.Tests;

/// <summary>Every command that takes a seed refuses a negative one as a usage error, before it touches anything.</summary>
[TestFixture]
public sealed class SeedOptionTests
{
    [TestCase("demo", "--seconds", "1")]
    [TestCase("backtest", "--seconds", "1")]
    [TestCase("gateway", "sim", "--transport", "/nonexistent/engine-ipc")]
    public void A_negative_seed_is_a_usage_error(params string[] command)
    {
        using var temporary = new TemporaryDirectory("engine-seed");
        string dataDir = Path.Combine(temporary.Path, "data");
        string[] arguments = command[0] == "gateway" ? [.. command, "--seed", "-1"] : [.. command, "--seed", "-1", "--data-dir", dataDir];

        EngineRun run = EngineProcess.Run(arguments);

        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --seed must not be negative, got -1"));
        Assert.That(Directory.Exists(dataDir), Is.False, "nothing was created");
    }
}
