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
    public void Import_WritesAHeader_ASnapshot_AndOneEventPerMessage()
    {
        string folder = LobsterFolder();
        string output = Path.Combine(_temp, "aapl.md.csv");
        EngineRun run = EngineProcess.Run("lobster", "import", "--messages", Path.Combine(folder, HeadMessages), "--orderbook", Path.Combine(folder, HeadOrderbook), "--levels", "10", "--out", output, "--symbol", "AAPL");
        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = File.ReadAllLines(output);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("# engine-market-data-csv v0"));
            Assert.That(lines[2], Does.StartWith("# symbol=AAPL priceScale=4"));
            Assert.That(lines[3], Does.EndWith(",snapshot_begin,0,,0,0"));
            Assert.That(lines.Count(l => l.Contains(",add,", StringComparison.Ordinal)), Is.EqualTo(File.ReadAllLines(Path.Combine(folder, HeadMessages)).Count(l => l.Split(',')[1] == "1")));
            Assert.That(lines.Skip(3).Select(l => long.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)), Is.Ordered.Ascending.And.Unique);
        });
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
