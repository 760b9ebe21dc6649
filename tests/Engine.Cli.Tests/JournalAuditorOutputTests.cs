using System.Text.Json;
using System.Text.RegularExpressions;

namespace Engine.Cli.Tests;

/// <summary>
/// What <c>engine journal dump|export|stats</c> show an auditor of an engine journal: decoded records with decimal
/// prices, names, ISO-8601 UTC times and their clocks, admin outcomes, honest "unknown"s; run as the real process.
/// </summary>
[TestFixture]
public sealed partial class JournalAuditorOutputTests
{
    private TemporaryDirectory _temporary = null!;
    private string _root = string.Empty;

    [SetUp]
    public void CreateRoot()
    {
        _temporary = new TemporaryDirectory("engine-cli-auditor");
        _root = _temporary.Path;
    }

    [TearDown]
    public void DeleteRoot() => _temporary.Dispose();

    [Test]
    public void Dump_OfABacktest_PrintsDecimalPricesNamesAndIsoTimesOnTheSimulatedClock()
    {
        string journal = Backtest();

        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--type", "BestBidOffer");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        Assert.That(lines[0], Does.StartWith("# engine_time: simulated clock"));
        Assert.That(lines, Has.Some.Contain("names and scales: " + Path.Combine(journal, "config", "engine.json")));
        string book = lines.First(l => l.Contains("instrument=BTC-USDT", StringComparison.Ordinal));
        Assert.That(book, Does.Contain("venue=SIM").And.Contain(" engine_time=2026-01-01T00:00:0"));
        // SIM lists BTC-USDT at price scale 2 and quantity scale 5 (config/instruments.json).
        Assert.That(BidPrice().Match(book).Success, Is.True, book);
        Assert.That(BidQuantity().Match(book).Success, Is.True, book);
    }

    [Test]
    public void DumpJson_AdminInputs_CarryTheirOutcome_AppliedOrRefusedWithTheEnginesReason()
    {
        using (SessionJournal session = SessionJournal.Create(_root))
        {
            session.Deposit("USDT", 1_000);
            session.Withdraw("USDT", 5_000);
        }

        string journal = Path.Combine(_root, "journal");
        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--json");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(2));
        using JsonDocument deposit = JsonDocument.Parse(lines[0]);
        using JsonDocument withdrawal = JsonDocument.Parse(lines[1]);
        Assert.That(deposit.RootElement.GetProperty("fields").GetProperty("amount").GetString(), Is.EqualTo("1000.00000000"));
        Assert.That(deposit.RootElement.GetProperty("fields").GetProperty("asset").GetString(), Is.EqualTo("USDT"));
        Assert.That(deposit.RootElement.GetProperty("fields").GetProperty("account").GetString(), Is.EqualTo("account 1: strategy 1, market-maker"));
        Assert.That(deposit.RootElement.GetProperty("result").GetProperty("applied").GetBoolean(), Is.True);
        JsonElement refused = withdrawal.RootElement.GetProperty("result");
        Assert.That(refused.GetProperty("applied").GetBoolean(), Is.False);
        Assert.That(refused.GetProperty("result").GetString(), Is.EqualTo("ExceedsCredits"));
        Assert.That(refused.GetProperty("reason").GetString(), Does.Contain("insufficient balance"));

        EngineRun text = EngineProcess.Run("journal", "dump", journal);
        Assert.That(text.StandardOutput, Does.Contain("direction=Deposit result=applied").And.Contain("direction=Withdrawal result=refused ExceedsCredits ("));
    }

    [Test]
    public void DumpJson_NamesTheClockOfEveryTime_AndGivesNoExchangeTimeToInputsWithoutOne()
    {
        string journal = Backtest();

        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--json", "--to", "3");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        using JsonDocument deposit = JsonDocument.Parse(lines[0]);
        Assert.That(deposit.RootElement.GetProperty("name").GetString(), Is.EqualTo("FundsTransferRequest"));
        Assert.That(deposit.RootElement.GetProperty("engineTime").GetString(), Is.EqualTo("2026-01-01T00:00:00.000000000Z"));
        Assert.That(deposit.RootElement.GetProperty("exchangeTime").ValueKind, Is.EqualTo(JsonValueKind.Null));
        using JsonDocument book = JsonDocument.Parse(lines[2]);
        JsonElement clocks = book.RootElement.GetProperty("clocks");
        Assert.That(clocks.GetProperty("engineTime").GetString(), Does.StartWith("simulated clock"));
        Assert.That(clocks.GetProperty("exchangeTime").GetString(), Does.StartWith("simulated venue clock"));
        Assert.That(clocks.GetProperty("fields.gatewayReceiveTime").GetString(), Does.StartWith("simulated clock"));
    }

    [Test]
    public void Export_IsDecodedByDefault_AndRawKeepsTheStoredIntegersAndHex()
    {
        string journal = Backtest();

        EngineRun decoded = EngineProcess.Run("journal", "export", journal, "--format", "csv");
        EngineRun raw = EngineProcess.Run("journal", "export", journal, "--format", "csv", "--raw");

        Assert.That(decoded.ExitCode, Is.Zero, decoded.StandardError);
        string[] rows = decoded.StandardOutput.TrimEnd().Split('\n');
        Assert.That(rows[0], Is.EqualTo("seq,template_id,name,engine_time,engine_clock,exchange_time,exchange_clock,payload_length,crc32c,result,fields"));
        Assert.That(rows[1], Does.StartWith("1,305,FundsTransferRequest,2026-01-01T00:00:00.000000000Z,simulated clock").And.Contain(",applied,").And.Contain("\"\"asset\"\":\"\"USDT\"\""));
        Assert.That(raw.ExitCode, Is.Zero, raw.StandardError);
        string[] rawRows = raw.StandardOutput.TrimEnd().Split('\n');
        Assert.That(rawRows[0], Is.EqualTo("seq,template_id,name,exchange_time,engine_time,payload_length,crc32c,payload_hex"));
        Assert.That(rawRows[1], Does.StartWith("1,305,FundsTransferRequest,0,1767225600000000000,"));
        Assert.That(rawRows, Has.Length.EqualTo(rows.Length));
    }

    [Test]
    public void Dump_JournalWithoutItsConfiguration_SaysNamesScalesAndOutcomesAreUnknown_InsteadOfGuessing()
    {
        string journal = Backtest();
        Directory.Delete(Path.Combine(journal, "config"), recursive: true);

        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--json", "--to", "4");

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        string[] lines = run.StandardOutput.TrimEnd().Split('\n');
        using JsonDocument deposit = JsonDocument.Parse(lines[0]);
        Assert.That(deposit.RootElement.GetProperty("fields").GetProperty("asset").GetString(), Does.StartWith("unknown: the journal keeps no configuration"));
        Assert.That(deposit.RootElement.GetProperty("result").GetProperty("unknown").GetString(), Does.StartWith("unknown: the journal could not be replayed"));
        using JsonDocument book = JsonDocument.Parse(lines[3]);
        JsonElement bid = book.RootElement.GetProperty("fields").GetProperty("bidPrice");
        Assert.That(bid.GetProperty("mantissa").GetInt64(), Is.GreaterThan(0));
        Assert.That(bid.GetProperty("scale").GetString(), Does.StartWith("unknown: the journal keeps no configuration"));

        EngineRun text = EngineProcess.Run("journal", "dump", journal, "--to", "1");
        Assert.That(text.StandardOutput, Does.Contain("# names and scales: unknown: the journal keeps no configuration"));
    }

    [Test]
    public void Dump_WithConfigOption_TakesNamesAndScalesFromThatFile()
    {
        string journal = Backtest();
        string kept = Path.Combine(_root, "kept-config");
        Directory.Move(Path.Combine(journal, "config"), kept);

        EngineRun run = EngineProcess.Run("journal", "dump", journal, "--type", "BestBidOffer", "--to", "4", "--config", Path.Combine(kept, "engine.json"));

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("instrument=BTC-USDT").And.Contain("venue=SIM"));
    }

    [Test]
    public void Stats_VenueTimeRangeSkipsInputsWithoutOne_AndNamesTheClocks()
    {
        // A backtest journal starts with deposits, which carry no venue time (0): the range must not start in 1970.
        string journal = Backtest();

        EngineRun run = EngineProcess.Run("journal", "stats", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Not.Contain("1970"));
        Assert.That(run.StandardOutput, Does.Contain("engine time: 2026-01-01T00:00:00.000000000Z .. 2026-01-01T00:00:0").And.Contain("(simulated clock"));
        Assert.That(run.StandardOutput, Does.Match(@"venue time: 2026-01-01T00:00:00\.\d{9}Z \.\. 2026-01-01T00:00:0\d\.\d{9}Z over \d+ records \(simulated venue clock"));
    }

    [Test]
    public void Stats_JournalWithoutAnOrigin_IsALiveEnginesWithWallAndVenueClocks()
    {
        string journal = Backtest();
        File.Delete(Path.Combine(journal, "config", "origin.json"));

        EngineRun run = EngineProcess.Run("journal", "stats", journal);

        Assert.That(run.ExitCode, Is.Zero, run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("(engine receive clock").And.Contain("(venue/exchange clock"));
        Assert.That(run.StandardOutput, Does.Not.Contain("1970"));
    }

    private string Backtest()
    {
        string data = Path.Combine(_root, "backtest");
        EngineRun run = EngineProcess.Run("backtest", "--seconds", "2", "--data-dir", data);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        return Path.Combine(data, "journal");
    }

    [GeneratedRegex(@" bidPrice=\d+\.\d{2} ")]
    private static partial Regex BidPrice();

    [GeneratedRegex(@" bidQuantity=\d+\.\d{5} ")]
    private static partial Regex BidQuantity();
}
