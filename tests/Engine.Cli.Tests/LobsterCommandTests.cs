using System.IO.Compression;

namespace Engine.Cli.Tests;

/// <summary><c>engine lobster verify|import</c> on the LOBSTER sample files, run as the real <c>engine</c> process.</summary>
[TestFixture]
public sealed class LobsterCommandTests
{
    private const string HeadMessages = "AAPL_2012-06-21_34200000_57600000_message_10_head999.csv";
    private const string HeadOrderbook = "AAPL_2012-06-21_34200000_57600000_orderbook_10_head999.csv";

    private string _temp = null!;

    [SetUp]
    public void SetUp()
    {
        _temp = Path.Combine(Path.GetTempPath(), "engine-lobster-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_temp);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_temp, recursive: true);

    [Test]
    public void Verify_Aapl10LevelHead_EveryRowMatches_AndExitsZero()
    {
        string folder = LobsterFolder();
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10");
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(LastLine(run), Does.StartWith("{\"rows\":999,\"matching\":999,\"seededLevels\":").And.EndWith(",\"firstMismatchRow\":null}"));
    }

    [Test]
    public void Verify_Goog10LevelDay_EveryRowMatches()
    {
        (string messages, string orderbook) = Extract("LOBSTER_SampleFile_GOOG_2012-06-21_10.zip");
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", messages, "--orderbook", orderbook, "--levels", "10");
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(LastLine(run), Does.StartWith("{\"rows\":147916,\"matching\":147916,"));
    }

    [Test]
    public void Verify_Aapl1LevelDay_EveryRowMatches()
    {
        (string messages, string orderbook) = Extract("LOBSTER_SampleFile_AAPL_2012-06-21_1.zip");
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", messages, "--orderbook", orderbook, "--levels", "1");
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(LastLine(run), Does.StartWith("{\"rows\":118497,\"matching\":118497,"));
    }

    [Test]
    public void Verify_Out_WritesTheRebuiltRows_InLobsterFormat()
    {
        string folder = LobsterFolder();
        string rebuilt = Path.Combine(_temp, "rebuilt.csv");
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", rebuilt);
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] expected = File.ReadAllLines(Path.Combine(folder, HeadOrderbook)).Select(l => l.TrimEnd()).ToArray();
        Assert.That(File.ReadAllLines(rebuilt), Is.EqualTo(expected));
    }

    [Test]
    public void Verify_ARowThatDisagrees_ExitsOne_AndNamesTheFirstMismatchingRow()
    {
        string folder = LobsterFolder();
        string[] rows = File.ReadAllLines(Path.Combine(folder, HeadOrderbook));
        string[] columns = rows[499].Split(',');
        columns[1] = (long.Parse(columns[1], System.Globalization.CultureInfo.InvariantCulture) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        rows[499] = string.Join(',', columns);
        string orderbook = Path.Combine(_temp, "orderbook.csv");
        File.WriteAllLines(orderbook, rows);
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", orderbook, "--levels", "10");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(LastLine(run), Does.StartWith("{\"rows\":999,\"matching\":998,").And.EndWith("\"firstMismatchRow\":500}"));
        Assert.That(run.StandardOutput, Does.Contain("first mismatch at row 500"));
    }

    [Test]
    public void Verify_MalformedMessageLine_IsOneLineErrorNamingFileAndLine()
    {
        string folder = LobsterFolder();
        string[] lines = File.ReadAllLines(Path.Combine(folder, HeadMessages));
        lines[41] = "34200.1,9,1,1,1,1";
        string messages = Path.Combine(_temp, "messages.csv");
        File.WriteAllLines(messages, lines);
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", messages, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: error: {messages}:42: column 2 (type) must be 1..7, got 9"));
    }

    [Test]
    public void Verify_WrongLevelCount_IsAnErrorNamingTheOrderbookLine()
    {
        string folder = LobsterFolder();
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "5");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.Contain(":1: more than 20 columns for 5 levels"));
    }

    [Test]
    public void Verify_ZeroLevels_IsAUsageError()
    {
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", "m.csv", "--orderbook", "o.csv", "--levels", "0");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --levels must be within 1..1000, got 0"));
    }

    [Test]
    public void Verify_MissingFile_IsAnErrorNamingTheOption()
    {
        EngineRun run = EngineProcess.Run("lobster", "verify", "--messages", Path.Combine(_temp, "none.csv"), "--orderbook", "o.csv", "--levels", "1");
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError, Does.StartWith("engine: error: --messages: file '").And.Contain("none.csv' not found"));
    }

    [Test]
    public void Import_Aapl10LevelHead_WritesAJournal_ThatVerifies_AndReplaysToTheLastOrderbookRow()
    {
        string folder = LobsterFolder();
        string journal = Path.Combine(_temp, "journal");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.StartWith("lobster import: 999 messages -> ").And.Contain("instrument AAPL-USD").And.Contain("999/999 rows matching"));

        EngineRun verify = EngineProcess.Run("journal", "verify", journal, "--schema", SchemaFile());
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        Assert.That(verify.StandardOutput, Does.Contain("without gaps, every CRC32C valid").And.Contain("undecoded: 0"));

        EngineRun replay = EngineProcess.Run("journal", "replay", journal);
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardOutput + replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain("ignored 0, malformed 0").And.Contain("StateHash: "));

        AssertReplayedMirrorEqualsLastRow(journal, "AAPL-USD", Path.Combine(folder, HeadOrderbook), levels: 10);
    }

    [Test]
    public void Import_Goog10LevelDay_ReplayedMirrorEqualsTheLastOrderbookRow_AndReplayIsDeterministic()
    {
        (string messages, string orderbook) = Extract("LOBSTER_SampleFile_GOOG_2012-06-21_10.zip");
        string journal = Path.Combine(_temp, "journal");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", messages, "--orderbook", orderbook, "--levels", "10", "--out", journal);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("147916/147916 rows matching"));

        ulong hash = AssertReplayedMirrorEqualsLastRow(journal, "GOOG-USD", orderbook, levels: 10);
        EngineRun replay = EngineProcess.Run("journal", "replay", journal);
        Assert.That(replay.ExitCode, Is.Zero, replay.StandardOutput + replay.StandardError);
        Assert.That(replay.StandardOutput, Does.Contain("StateHash: " + hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Test]
    public void Import_SymbolFromTheFileName_OrGiven_NamesTheInstrument()
    {
        string folder = LobsterFolder();
        string journal = Path.Combine(_temp, "journal");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal, "--symbol", "XAAPL");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("instrument XAAPL-USD"));
        Assert.That(File.ReadAllText(Path.Combine(journal, "config", "instruments.json")), Does.Contain("\"XAAPL-USD\""));
    }

    [Test]
    public void Import_NewYorkLocalTimesBecomeUtc_WithTheDateFromTheFileName_AndStatsSaySo()
    {
        string folder = LobsterFolder();
        string journal = Path.Combine(_temp, "journal");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);

        EngineRun stats = EngineProcess.Run("journal", "stats", journal);

        // The first message is at 34200.004241176 s after midnight in New York: 09:30 EDT on 2012-06-21 is 13:30 UTC.
        Assert.That(stats.ExitCode, Is.Zero, stats.StandardError);
        Assert.That(stats.StandardOutput, Does.Contain("venue time: 2012-06-21T13:30:00.004241176Z .. 2012-06-21T13:").And.Contain("converted to UTC"));
    }

    [Test]
    public void Import_WithoutADateInTheFileName_StatsLabelTheTimesNewYorkLocalNotUtc()
    {
        string folder = LobsterFolder();
        string messages = Path.Combine(_temp, "messages.csv");
        File.Copy(Path.Combine(folder, HeadMessages), messages);
        string journal = Path.Combine(_temp, "journal");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", messages, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal, "--symbol", "AAPL");
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);

        EngineRun stats = EngineProcess.Run("journal", "stats", journal);

        Assert.That(stats.ExitCode, Is.Zero, stats.StandardError);
        Assert.That(stats.StandardOutput, Does.Contain("venue time: 1970-01-01T09:30:00.004241176Z").And.Contain("local time, NOT UTC"));
    }

    [TestCase(2012, 6, 21, true)]
    [TestCase(2012, 3, 10, false)]
    [TestCase(2012, 3, 11, true)]
    [TestCase(2012, 11, 3, true)]
    [TestCase(2012, 11, 4, false)]
    [TestCase(2012, 1, 3, false)]
    [TestCase(2006, 4, 1, false)]
    [TestCase(2006, 4, 2, true)]
    [TestCase(2006, 10, 28, true)]
    [TestCase(2006, 10, 29, false)]
    public void NewYorkTime_DaylightTime_FollowsTheUsRulesOfItsYear(int year, int month, int day, bool daylight)
    {
        var date = new DateOnly(year, month, day);
        Assert.That(Engine.Cli.Lobster.NewYorkTime.IsDaylightTime(date), Is.EqualTo(daylight));
        Assert.That(Engine.Cli.Lobster.NewYorkTime.UtcOffsetNanos(date), Is.EqualTo((daylight ? 4L : 5L) * 3_600_000_000_000));
    }

    [Test]
    public void Import_IntoANonEmptyDirectory_IsAnErrorNamingIt()
    {
        string folder = LobsterFolder();
        File.WriteAllText(Path.Combine(_temp, "other.txt"), "x");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", _temp);
        Assert.That(run.ExitCode, Is.EqualTo(1));
        Assert.That(run.StandardError.Trim(), Is.EqualTo($"engine: error: --out {_temp}: the directory is not empty; an import writes a new journal"));
    }

    [Test]
    public void Import_ABadSymbol_IsAUsageError()
    {
        string folder = LobsterFolder();
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", Path.Combine(_temp, "j"), "--symbol", "bad-symbol");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Is.EqualTo("engine: usage error: --symbol bad-symbol: must be 1-12 upper-case letters or digits"));
    }

    [Test]
    public void Import_TimesWithDigitsBeyondTheNanosecond_AreRoundedToTheNanosecond()
    {
        string folder = LobsterFolder();
        string[] lines = File.ReadAllLines(Path.Combine(folder, HeadMessages));
        Assert.That(lines[0], Does.StartWith("34200.004241176,"));
        // How LOBSTER's double-valued time column appears in real files: the nanosecond plus floating-point noise.
        lines[0] = "34200.0042411759999999" + lines[0][lines[0].IndexOf(',', StringComparison.Ordinal)..];
        lines[1] = lines[1][..lines[1].IndexOf(',', StringComparison.Ordinal)] + "000001" + lines[1][lines[1].IndexOf(',', StringComparison.Ordinal)..];
        string messages = Path.Combine(_temp, HeadMessages);
        File.WriteAllLines(messages, lines);
        string journal = Path.Combine(_temp, "journal");

        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", messages, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("999/999 rows matching"));
        EngineRun dump = EngineProcess.Run("journal", "dump", journal, "--to", "1", "--json", "--raw");
        Assert.That(dump.ExitCode, Is.Zero, dump.StandardError);
        // New York midnight of 2012-06-21 is 04:00 UTC (daylight time, UTC-4).
        long day = (new DateTime(2012, 6, 21, 4, 0, 0, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks * 100;
        Assert.That(dump.StandardOutput, Does.Contain($"\"exchangeTime\":{day + 34_200_004_241_176L},"));
        EngineRun verify = EngineProcess.Run("lobster", "verify", "--messages", messages, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10");
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
    }

    [Test]
    public void Import_ThatFails_LeavesNothingBehind_AndTheNextImportIntoTheSameDirectorySucceeds()
    {
        string folder = LobsterFolder();
        string[] lines = File.ReadAllLines(Path.Combine(folder, HeadMessages));
        lines[499] = "34201.5,9,1,1,1,1";
        string broken = Path.Combine(_temp, HeadMessages);
        File.WriteAllLines(broken, lines);
        string journal = Path.Combine(_temp, "journal");
        string emptyBefore = Path.Combine(_temp, "empty");
        Directory.CreateDirectory(emptyBefore);

        EngineRun failed = EngineProcess.Run("lobster", "import", "--messages", broken, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);
        EngineRun failedInEmpty = EngineProcess.Run("lobster", "import", "--messages", broken, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", emptyBefore);

        Assert.That(failed.ExitCode, Is.EqualTo(1));
        Assert.That(failed.StandardError, Does.Contain(broken + ":500:"));
        Assert.That(Directory.Exists(journal), Is.False, "the directory the import created is removed");
        Assert.That(failedInEmpty.ExitCode, Is.EqualTo(1));
        Assert.That(Directory.EnumerateFileSystemEntries(emptyBefore), Is.Empty, "an existing empty directory is left empty");
        EngineRun retried = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);
        Assert.That(retried.ExitCode, Is.Zero, retried.StandardOutput + retried.StandardError);
    }

    [Test]
    public void Import_MissingFiles_AreNamed_BeforeTheSymbolIsLookedFor()
    {
        string folder = LobsterFolder();
        string missing = Path.Combine(_temp, "none.csv");
        string journal = Path.Combine(_temp, "journal");

        EngineRun noMessages = EngineProcess.Run("lobster", "import", "--messages", missing, "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", journal);
        EngineRun noOrderbook = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", missing, "--levels", "10", "--out", journal);

        Assert.That(noMessages.ExitCode, Is.EqualTo(1));
        Assert.That(noMessages.StandardError.Trim(), Is.EqualTo($"engine: error: --messages: file '{missing}' not found"));
        Assert.That(noOrderbook.ExitCode, Is.EqualTo(1));
        Assert.That(noOrderbook.StandardError.Trim(), Is.EqualTo($"engine: error: --orderbook: file '{missing}' not found"));
        Assert.That(Directory.Exists(journal), Is.False);
    }

    /// <summary>Replays the journal in-process through a fresh BLP and compares its L3 mirror's top levels with the file's last row; returns the StateHash.</summary>
    private static ulong AssertReplayedMirrorEqualsLastRow(string journal, string instrumentSymbol, string orderbook, int levels)
    {
        Engine.Cli.Auditing.AuditedReplay replay = Engine.Cli.Auditing.AuditedReplay.Run(journal, null);
        Engine.Host.EngineConfig config = Engine.Host.EngineConfig.Load(Engine.Host.JournalConfigCopy.EngineFile(journal));
        Assert.That(config.Registry.TryGetInstrument(instrumentSymbol, out Engine.Model.Instrument? instrument), Is.True);
        Engine.Core.MarketState market = replay.Processor.Market;
        Engine.Primitives.ListingId listing = config.Registry.Listings.Single(l => l.Instrument.Id == instrument!.Id).Id;
        Engine.Matching.IL3Book book = market.L3Book(listing)!;
        book.ValidateInternalState();
        Assert.That(market.UnknownL3Orders, Is.Zero, "every L3 record names an order the mirror holds");

        string lastLine = File.ReadLines(orderbook).Last(l => l.Length > 0);
        long[] expected = lastLine.Split(',').Select(c => long.Parse(c, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var rebuilt = new long[4 * levels];
        for (int depth = 0; depth < levels; depth++)
        {
            bool ask = book.TryGetLevel(Engine.Primitives.Side.Sell, depth, out Engine.Matching.BookLevel askLevel);
            bool bid = book.TryGetLevel(Engine.Primitives.Side.Buy, depth, out Engine.Matching.BookLevel bidLevel);
            rebuilt[4 * depth] = ask ? askLevel.Price.Units : 9_999_999_999;
            rebuilt[(4 * depth) + 1] = ask ? askLevel.Quantity.Units : 0;
            rebuilt[(4 * depth) + 2] = bid ? bidLevel.Price.Units : -9_999_999_999;
            rebuilt[(4 * depth) + 3] = bid ? bidLevel.Quantity.Units : 0;
        }

        Assert.That(rebuilt, Is.EqualTo(expected[..(4 * levels)]), "the replayed BLP's L3 mirror against the last orderbook row");
        Engine.Core.TopOfBook top = market.Top(listing);
        Assert.That((top.Ask.Units, top.AskQuantity.Units, top.Bid.Units, top.BidQuantity.Units), Is.EqualTo((expected[0], expected[1], expected[2], expected[3])), "the top follows the L3 mirror");
        return replay.Result.StateHash;
    }

    private static string SchemaFile()
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return Path.Combine(directory!, "schemas", "engine-schema.xml");
    }

    private (string Messages, string Orderbook) Extract(string zipName)
    {
        string zip = Path.Combine(LobsterFolder(), zipName);
        ZipFile.ExtractToDirectory(zip, _temp);
        return (
            Directory.GetFiles(_temp, "*_message_*.csv").Single(),
            Directory.GetFiles(_temp, "*_orderbook_*.csv").Single());
    }

    private static string LastLine(EngineRun run) => run.StandardOutput.TrimEnd().Split('\n')[^1].Trim();

    private static string LobsterFolder()
    {
        string? directory = TestContext.CurrentContext.TestDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "Engine.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string? lobster = directory is null ? null : Path.GetFullPath(Path.Combine(directory, "..", "shared", "data", "lobster"));
        if (lobster is null || !Directory.Exists(lobster))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("the reference data ../shared/data/lobster is absent (required in CI)");
            }

            Assert.Ignore("the reference data ../shared/data/lobster is absent");
        }

        return lobster!;
    }
}
