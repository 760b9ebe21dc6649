namespace Engine.Cli.Tests;

/// <summary>
/// Every <c>engine journal</c> command takes the data directory a run names (<c>--data-dir</c>, holding
/// <c>journal/</c>) as well as the journal directory itself, and prints the same for both.
/// </summary>
[TestFixture]
public sealed class JournalDataDirectoryTests
{
    private TemporaryDirectory _temporary = null!;
    private string _data = string.Empty;

    [OneTimeSetUp]
    public void RunBacktest()
    {
        _temporary = new TemporaryDirectory("engine-cli-data-dir");
        _data = Path.Combine(_temporary.Path, "data");
        EngineRun run = EngineProcess.Run("backtest", "--seconds", "5", "--seed", "1", "--data-dir", _data);
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
    }

    [OneTimeTearDown]
    public void DeleteData() => _temporary.Dispose();

    [TestCase("verify")]
    [TestCase("stats")]
    [TestCase("dump", "--to", "5")]
    [TestCase("export", "--format", "csv")]
    [TestCase("replay")]
    [TestCase("ledger")]
    [TestCase("repair")]
    public void JournalCommand_GivenTheDataDirectory_ReadsTheJournalInside(string command, params string[] options)
    {
        string journal = Path.Combine(_data, "journal");

        EngineRun viaData = EngineProcess.Run([.. new[] { "journal", command, _data }, .. options]);
        EngineRun viaJournal = EngineProcess.Run([.. new[] { "journal", command, journal }, .. options]);

        Assert.That(viaData.ExitCode, Is.Zero, viaData.StandardError);
        Assert.That(viaJournal.ExitCode, Is.Zero, viaJournal.StandardError);
        Assert.That(Comparable(viaData.StandardOutput), Is.EqualTo(Comparable(viaJournal.StandardOutput)));
        Assert.That(viaData.StandardOutput, Is.Not.Empty);
    }

    [Test]
    public void JournalCommand_GivenADirectoryWithNeitherSegmentsNorJournalFolder_SaysItIsNotAJournal()
    {
        string empty = Path.Combine(_temporary.Path, "empty");
        Directory.CreateDirectory(empty);

        EngineRun run = EngineProcess.Run("journal", "verify", empty);

        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain(empty).And.Contain("not a journal"));
    }

    /// <summary>The output without replay timings, which differ from run to run.</summary>
    private static string Comparable(string output) =>
        string.Join('\n', output.Split('\n').Where(line => !line.StartsWith("records:", StringComparison.Ordinal) || !line.Contains("replayed in", StringComparison.Ordinal)));
}
