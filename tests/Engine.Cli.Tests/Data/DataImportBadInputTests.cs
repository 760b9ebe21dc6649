namespace Engine.Cli.Tests.Data;

/// <summary>
/// <c>engine data import</c> on bad input: a usage error (exit 2) naming what is wrong, and nothing half-written: no
/// dataset, no staging folder, an existing dataset left as it was. Importing the same files again is a no-op.
/// </summary>
[TestFixture]
public sealed class DataImportBadInputTests
{
    private const string AggTrades = "BTCUSDT-aggTrades-2026-01-01-head5000.csv";

    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("engine-data-bad");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void AFileThatIsNotBinanceVision_IsAUsageErrorNamingIt_AndWritesNothing()
    {
        string lobster = DatasetChecks.Lobster("AAPL_2012-06-21_34200000_57600000_message_10_head999.csv");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--instrument", "BTC-USDT", "--out", Path.Combine(_temp.Path, "ds"), lobster);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.Trim(), Does.StartWith($"engine: usage error: {lobster}: not a binance-vision aggTrades, bookTicker or klines CSV (first line: '34200.00"));
        DatasetChecks.OnlyEntries(_temp.Path);
    }

    [Test]
    public void ACryptofeedTranscriptGivenAsHftBacktest_IsAUsageError()
    {
        string transcript = DatasetChecks.Cryptofeed("OKX.ws.1.0");
        EngineRun run = DatasetChecks.Import("--format", "hftbacktest", "--venue", "okx", "--out", Path.Combine(_temp.Path, "ds"), transcript);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain($"{transcript}: not a hftbacktest recording: its first line '").And.Contain("is a cryptofeed line"));
        DatasetChecks.OnlyEntries(_temp.Path);
    }

    [Test]
    public void ASecondFileThatIsNotTheFormat_FailsTheWholeImport_AndLeavesNoStagingFolder()
    {
        string bad = Path.Combine(_temp.Path, "BTCUSDT-aggTrades-2026-01-02.csv");
        File.WriteAllText(bad, "hello,world\n");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", Path.Combine(_temp.Path, "ds"), DatasetChecks.Vision(AggTrades), bad);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain(bad + ": not a binance-vision"));
        DatasetChecks.OnlyEntries(_temp.Path, Path.GetFileName(bad));
    }

    [Test]
    public void AHeaderlessFileWithNoRowOfTheKind_IsAUsageErrorNamingItsFirstBadLine()
    {
        string bad = Path.Combine(_temp.Path, "BTCUSDT-aggTrades-2026-01-03.csv");
        File.WriteAllText(bad, "1,2,3\n4,5,6\n");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--kind", "aggTrades", "--out", Path.Combine(_temp.Path, "ds"), bad);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: usage error: {bad}: no line is a binance-vision aggTrades row ({bad}:1: 3 columns, an aggTrades row has 7 or 8)"));
        DatasetChecks.OnlyEntries(_temp.Path, Path.GetFileName(bad));
    }

    [Test]
    public void AMissingFile_IsAUsageErrorNamingIt()
    {
        string missing = Path.Combine(_temp.Path, "none.csv");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", Path.Combine(_temp.Path, "ds"), missing);
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: usage error: {missing}: file not found"));
        DatasetChecks.OnlyEntries(_temp.Path);
    }

    [Test]
    public void AnUnknownVenue_IsAUsageErrorListingTheKnownOnes()
    {
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "mtgox", "--out", Path.Combine(_temp.Path, "ds"), DatasetChecks.Vision(AggTrades));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.StartWith("engine: usage error: --venue: unknown venue 'mtgox' (the instrument config lists BINANCE,"));
        DatasetChecks.OnlyEntries(_temp.Path);
    }

    [Test]
    public void AnUnknownFormat_IsAUsageError()
    {
        EngineRun run = DatasetChecks.Import("--format", "parquet", "--venue", "binance", "--out", Path.Combine(_temp.Path, "ds"), DatasetChecks.Vision(AggTrades));
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --format: unknown format 'parquet' (known: hftbacktest, cryptofeed, binance-vision, lobster)"));
    }

    [Test]
    public void IntoAFolderHoldingADifferentDataset_IsRefused_AndTheDatasetStaysAsItWas()
    {
        string dataset = Path.Combine(_temp.Path, "ds");
        Assert.That(DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", dataset, DatasetChecks.Vision(AggTrades)).ExitCode, Is.Zero);
        string manifest = File.ReadAllText(Path.Combine(dataset, "dataset.json"));
        string[] entries = [.. Directory.EnumerateFileSystemEntries(dataset).Order()];

        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance-usdm", "--out", dataset, DatasetChecks.Vision("um-BTCUSDT-bookTicker-2023-10-02-head9999.csv"));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain($"--out {dataset}: holds a different dataset (binance-vision from BINANCE, files {AggTrades})"));
        Assert.That(File.ReadAllText(Path.Combine(dataset, "dataset.json")), Is.EqualTo(manifest));
        Assert.That(Directory.EnumerateFileSystemEntries(dataset).Order(), Is.EqualTo(entries));
        DatasetChecks.OnlyEntries(_temp.Path, "ds");
    }

    [Test]
    public void TheSameFilesAgain_IsANoOpThatSaysSo()
    {
        string dataset = Path.Combine(_temp.Path, "ds");
        string zip = DatasetChecks.Zip(DatasetChecks.Vision(AggTrades), _temp.Path);
        Assert.That(DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", dataset, zip).ExitCode, Is.Zero);
        DateTime written = File.GetLastWriteTimeUtc(Path.Combine(dataset, "dataset.json"));

        EngineRun again = DatasetChecks.Import("--format", "binance-vision", "--venue", "BINANCE", "--out", dataset, zip);
        Assert.That(again.ExitCode, Is.Zero, again.StandardOutput + again.StandardError);
        Assert.That(again.StandardOutput, Does.StartWith($"data import: {dataset} already holds this dataset (same format, venue, settings and files by SHA-256); nothing written"));
        Assert.That(again.StandardOutput, Does.Contain("  Trade: 5000"));
        Assert.That(File.GetLastWriteTimeUtc(Path.Combine(dataset, "dataset.json")), Is.EqualTo(written));
    }

    [Test]
    public void IntoAFolderThatIsNotADataset_IsRefused()
    {
        string folder = Path.Combine(_temp.Path, "notes");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "readme.txt"), "mine");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", folder, DatasetChecks.Vision(AggTrades));
        Assert.That(run.ExitCode, Is.EqualTo(2), run.StandardOutput + run.StandardError);
        Assert.That(run.StandardError, Does.Contain("the folder is not empty and holds no dataset.json"));
        DatasetChecks.OnlyEntries(folder, "readme.txt");
    }

    [Test]
    public void LobsterFromAnotherVenue_IsAUsageError()
    {
        EngineRun run = DatasetChecks.Import("--format", "lobster", "--venue", "binance", "--out", Path.Combine(_temp.Path, "ds"), DatasetChecks.Lobster("LOBSTER_SampleFile_AAPL_2012-06-21_1.zip"));
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --venue binance: a LOBSTER day is NASDAQ's order book (--venue NASDAQ)"));
        DatasetChecks.OnlyEntries(_temp.Path);
    }
}
