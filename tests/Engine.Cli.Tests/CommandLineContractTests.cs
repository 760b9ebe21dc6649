namespace Engine.Cli.Tests;

/// <summary>The exit-code and error-output contract every `engine` command keeps.</summary>
[TestFixture]
public sealed class CommandLineContractTests
{
    [Test]
    public void Help_ListsTheCommands_AndExitsZero()
    {
        EngineRun run = EngineProcess.Run("--help");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("version").And.Contain("demo"));
    }

    [Test]
    public void Version_PrintsTheEngineVersion_AndExitsZero()
    {
        EngineRun run = EngineProcess.Run("version");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.StartWith("engine 0."));
    }

    [Test]
    public void UnknownCommand_IsAUsageError_WithOneLineOnStderr()
    {
        EngineRun run = EngineProcess.Run("no-such-command");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain("no-such-command"));
    }

    [Test]
    public void BadOptionValue_IsAUsageError_NamingTheOption()
    {
        EngineRun run = EngineProcess.Run("demo", "--seconds", "soon");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError, Does.Contain("--seconds"));
    }

    [Test]
    public void ArgumentsThatParseButMakeNoSense_AreAUsageError()
    {
        EngineRun run = EngineProcess.Run("demo", "--seconds", "0");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --seconds must be within 1..86400, got 0"));
    }

    [Test]
    public void CommandFailure_IsOneLineOnStderr_AndExitCodeOne()
    {
        var root = new System.CommandLine.RootCommand("test");
        var failing = new System.CommandLine.Command("fail");
        failing.SetAction(Fail);
        root.Subcommands.Add(failing);
        var error = new StringWriter();

        int exit = CommandLineApp.Run(root, ["fail"], new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString().Trim(), Is.EqualTo("engine: error: journal file /x is not a journal"));
    }

    [Test]
    public void MissingFile_IsAFailure_NotAStackTrace()
    {
        var root = new System.CommandLine.RootCommand("test");
        var reading = new System.CommandLine.Command("read");
        reading.SetAction(ReadMissingFile);
        root.Subcommands.Add(reading);
        var error = new StringWriter();

        int exit = CommandLineApp.Run(root, ["read"], new StringWriter(), error);

        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.ToString(), Does.Contain("/nonexistent/engine-test/file.bin").And.Not.Contain("   at "));
    }

    private static int Fail(System.CommandLine.ParseResult parsed) =>
        throw new CommandFailedException("journal file /x is not a journal");

    private static int ReadMissingFile(System.CommandLine.ParseResult parsed) =>
        File.ReadAllBytes("/nonexistent/engine-test/file.bin").Length;
}
