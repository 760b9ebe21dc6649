using System.IO.Compression;
using System.Text.Json;
using Engine.Cli.Auditing;
using Engine.Host;
using Engine.Matching;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Tests.Data;

/// <summary>
/// <c>engine data import</c> on the real files of ../shared/data, run as the real <c>engine</c> process: every format's
/// records counted against the files, the datasets verified and replayed by the journal commands, and an imported
/// Binance recording's book checked against <c>engine venue verify</c>'s.
/// </summary>
[TestFixture]
public sealed class DataImportCommandTests
{
    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("engine-data-import");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void BinanceVisionAggTrades_OneTradePerLine_ThatVerifiesAndReplaysAsMarketData()
    {
        string file = DatasetChecks.Vision("BTCUSDT-aggTrades-2026-01-01-head5000.csv");
        string dataset = Path.Combine(_temp.Path, "agg");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance", "--out", dataset, file);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.StartWith($"data import: binance-vision (aggTrades) from BINANCE: 5000 records in {dataset}"));
        Assert.That(run.StandardOutput, Does.Contain("  Trade: 5000").And.Contain("instruments: BTC-USDT\n").And.Contain("rejected: 0"));
        Assert.That(run.StandardOutput, Does.Contain("exchange time (the venue's clock): 2026-01-01T00:00:00.039409000Z .. "));
        Assert.That(File.ReadLines(file).Count(), Is.EqualTo(5000));

        using JsonDocument manifest = DatasetChecks.Manifest(dataset);
        Assert.That(DatasetChecks.Count(manifest, "Trade"), Is.EqualTo(5000));
        JsonElement source = manifest.RootElement.GetProperty("files")[0];
        Assert.That(source.GetProperty("bytes").GetInt64(), Is.EqualTo(new FileInfo(file).Length));
        Assert.That(source.GetProperty("sha256").GetString(), Has.Length.EqualTo(64));

        string replay = DatasetChecks.VerifiesAndReplays(dataset);
        Assert.That(replay, Does.Contain("inputs: 5000 (market data 5000,"));
    }

    [Test]
    public void BinanceVisionBookTicker_OneBestBidOfferPerRowAfterTheHeader_OnTheUsdmListing()
    {
        string file = DatasetChecks.Vision("um-BTCUSDT-bookTicker-2023-10-02-head9999.csv");
        string dataset = Path.Combine(_temp.Path, "bbo");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance-usdm", "--out", dataset, file);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        long rows = File.ReadLines(file).Count() - 1;
        Assert.That(run.StandardOutput, Does.Contain($"  BestBidOffer: {rows}\n").And.Contain("instruments: BTC-USDT-PERP").And.Contain("(1 headers, 9999 rows)"));
        DatasetChecks.VerifiesAndReplays(dataset);
    }

    [Test]
    public void BinanceVisionKlines_AtTheHistoricalPriceScale_OneBarPerRow_EndingWhenTheBarCloses()
    {
        string[] files = [.. new[] { "01", "02", "03" }.Select(day => DatasetChecks.Vision($"um-BTCUSDT-1m-2022-01-{day}.csv"))];
        long rows = files.Sum(f => File.ReadLines(f).Count() - 1);
        string dataset = Path.Combine(_temp.Path, "klines");
        EngineRun run = DatasetChecks.Import(["--format", "binance-vision", "--venue", "BINANCE_USDM", "--price-scale", "2", "--out", dataset, .. files]);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(rows, Is.EqualTo(3 * 1440));
        Assert.That(run.StandardOutput, Does.Contain($"  Bar: {rows}\n").And.Contain("rejected: 0"));

        // The first bar opens at 2022-01-01T00:00 and is known at its end, a minute later.
        Assert.That(run.StandardOutput, Does.Contain("exchange time (the venue's clock): 2022-01-01T00:01:00.000000000Z .. 2022-01-04T00:00:00.000000000Z"));
        Assert.That(File.ReadAllText(Path.Combine(dataset, "config", "instruments.json")), Does.Contain("\"tickSize\": \"0.01\""));
        string replay = DatasetChecks.VerifiesAndReplays(dataset);
        Assert.That(replay, Does.Contain($"(market data {rows}, admin 0 of which refused 0, timer ticks 0, ignored 0,"));
    }

    [Test]
    public void BinanceVisionKlines_FinerThanTheListing_AreRejectedWithFileLineAndReason_AndCounted()
    {
        string file = DatasetChecks.Vision("um-BTCUSDT-1m-2022-01-01.csv");
        string dataset = Path.Combine(_temp.Path, "klines");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "binance-usdm", "--out", dataset, file);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        using JsonDocument manifest = DatasetChecks.Manifest(dataset);
        long bars = DatasetChecks.Count(manifest, "Bar");
        long rejected = manifest.RootElement.GetProperty("rejected").GetInt64();
        Assert.That(bars + rejected, Is.EqualTo(1440));
        Assert.That(rejected, Is.GreaterThan(1000));
        Assert.That(run.StandardOutput, Does.Contain($"rejected: {rejected}\n"));
        Assert.That(run.StandardOutput, Does.Contain($"  {file}:2: open '46210.57' has more decimals than the listing's scale 1 (--price-scale sets the dataset's)"));
        Assert.That(run.StandardOutput, Does.Contain($"  ... and {rejected - 20} more"));
    }

    [Test]
    public void BinanceVisionZip_ReadsTheCsvInside_LikeThePlainFile()
    {
        string zip = DatasetChecks.Zip(DatasetChecks.Vision("BTCUSDT-aggTrades-2026-01-01-head5000.csv"), _temp.Path);
        string dataset = Path.Combine(_temp.Path, "zipped");
        EngineRun run = DatasetChecks.Import("--format", "binance-vision", "--venue", "BINANCE", "--out", dataset, zip);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("  Trade: 5000").And.Contain("instruments: BTC-USDT"));
    }

    [Test]
    public void HftBacktestBinanceSpot_RecordsAsTheGatewayEncodesThem_AndTheReplayedBookEqualsVenueVerifys()
    {
        string recording = DatasetChecks.Raw("spot_btcusdt_20240808.gz");
        string dataset = Path.Combine(_temp.Path, "spot");
        EngineRun run = DatasetChecks.Import("--format", "hftbacktest", "--venue", "binance", "--out", dataset, recording);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("instruments: BTC-USDT\n").And.Contain("rejected: 0").And.Contain(" 0 gaps,"));

        using JsonDocument manifest = DatasetChecks.Manifest(dataset);
        Assert.That(DatasetChecks.Count(manifest, "Trade"), Is.EqualTo(DatasetChecks.LinesContaining(recording, "\"e\":\"trade\"")));
        Assert.That(DatasetChecks.Count(manifest, "BestBidOffer"), Is.EqualTo(DatasetChecks.LinesContaining(recording, "@bookTicker\"")));
        Assert.That(DatasetChecks.Count(manifest, "L2Snapshot"), Is.EqualTo(1));
        // At least: each depth update applied after the snapshot, a record per 24 levels, and the snapshot's levels
        // beyond the best 10 a side, 24 a record. The gateway's book also says what leaves the snapshot's depth, so
        // the exact count is its own; the replayed book equals venue verify's below.
        (long updateFrames, long snapshotLevels) = ExpectedL2UpdateFrames(recording);
        Assert.That(DatasetChecks.Count(manifest, "L2Update"), Is.GreaterThanOrEqualTo(updateFrames + Frames((int)(snapshotLevels / 2) - SnapshotLevelsPerSide) * 2));
        DatasetChecks.VerifiesAndReplays(dataset);

        EngineRun verify = EngineProcess.Run("venue", "verify", "--venue", "binance", "--recording", recording);
        Assert.That(verify.ExitCode, Is.Zero, verify.StandardOutput + verify.StandardError);
        using JsonDocument report = JsonDocument.Parse(verify.StandardOutput.TrimEnd().Split('\n')[^1]);
        JsonElement verified = report.RootElement.GetProperty("books").GetProperty("BTCUSDT");
        (string[][] bids, string[][] asks) = ReplayedTop(dataset, "BINANCE", "BTC-USDT", depth: 5);
        Assert.That(bids, Is.EqualTo(Levels(verified.GetProperty("bestBids"))));
        Assert.That(asks, Is.EqualTo(Levels(verified.GetProperty("bestAsks"))));
    }

    [Test]
    public void CryptofeedOkx_JournalsTheListedInstrument_AndRejectsTheOthersSymbolsWithTheReason()
    {
        string recording = DatasetChecks.Cryptofeed("OKX.ws.1.0");
        string dataset = Path.Combine(_temp.Path, "okx");
        EngineRun run = DatasetChecks.Import("--format", "cryptofeed", "--venue", "okx", "--out", dataset, recording);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("instruments: BTC-USDT\n").And.Contain(" 0 gaps,").And.Contain("0/98 checksums wrong"));
        Assert.That(run.StandardOutput, Does.Contain("  feed okx: 200 messages rejected as UnknownSymbol: symbol 'BTC-USD-220527' is not followed"));

        // Every books message of BTC-USDT becomes records that fit the engine's largest input.
        using JsonDocument manifest = DatasetChecks.Manifest(dataset);
        Assert.That(DatasetChecks.Count(manifest, "L2Snapshot"), Is.EqualTo(1));
        Assert.That(DatasetChecks.Count(manifest, "L2Snapshot") + DatasetChecks.Count(manifest, "L2Update"), Is.EqualTo(ExpectedOkxBookFrames(recording, "BTC-USDT")));
        DatasetChecks.VerifiesAndReplays(dataset);
    }

    [Test]
    public void Lobster_GoesThroughTheLobsterImport_AndReplaysToTheSameStateHash()
    {
        string messages = DatasetChecks.Lobster("AAPL_2012-06-21_34200000_57600000_message_10_head999.csv");
        string orderbook = DatasetChecks.Lobster("AAPL_2012-06-21_34200000_57600000_orderbook_10_head999.csv");
        string dataset = Path.Combine(_temp.Path, "aapl");
        EngineRun run = DatasetChecks.Import("--format", "lobster", "--venue", "NASDAQ", "--out", dataset, messages, orderbook);
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("read 999 LOBSTER messages (10 levels)").And.Contain("999/999 orderbook rows").And.Contain("instruments: AAPL-USD"));

        string direct = Path.Combine(_temp.Path, "direct");
        EngineRun lobster = EngineProcess.Run("lobster", "import", "--messages", messages, "--orderbook", orderbook, "--levels", "10", "--out", direct);
        Assert.That(lobster.ExitCode, Is.Zero, lobster.StandardError);
        using JsonDocument manifest = DatasetChecks.Manifest(dataset);
        long records = manifest.RootElement.GetProperty("records").GetInt64();
        Assert.That(lobster.StandardOutput, Does.StartWith($"lobster import: 999 messages -> {records} journal records"));
        Assert.That(lobster.StandardOutput, Does.Contain($"L3 added {DatasetChecks.Count(manifest, "L3OrderAdded")}, modified {DatasetChecks.Count(manifest, "L3OrderModified")}, deleted {DatasetChecks.Count(manifest, "L3OrderDeleted")}, executed {DatasetChecks.Count(manifest, "L3OrderExecuted")}; trades {DatasetChecks.Count(manifest, "Trade")}"));

        string hash = DatasetChecks.VerifiesAndReplays(dataset).TrimEnd().Split('\n')[^1];
        Assert.That(EngineProcess.Run("journal", "replay", direct).StandardOutput.TrimEnd(), Does.EndWith(hash));
    }

    [Test]
    public void LobsterZip_OneLevelDay_EveryMessageImported()
    {
        string dataset = Path.Combine(_temp.Path, "aapl");
        EngineRun run = DatasetChecks.Import("--format", "lobster", "--venue", "nasdaq", "--out", dataset, DatasetChecks.Lobster("LOBSTER_SampleFile_AAPL_2012-06-21_1.zip"));
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);
        Assert.That(run.StandardOutput, Does.Contain("read 118497 LOBSTER messages (1 levels)").And.Contain("118497/118497 orderbook rows"));
        DatasetChecks.OnlyEntries(_temp.Path, "aapl");
    }

    /// <summary>
    /// The L2Update frames the gateway's encoder makes of the recording: one per depth update applied (those after the
    /// snapshot's lastUpdateId), one more per 1,000 levels beyond the first 1,000, and the snapshot's levels beyond the
    /// 500 per side its L2Snapshot carries, 1,000 per frame.
    /// </summary>
    private static (long UpdateFrames, long SnapshotLevels) ExpectedL2UpdateFrames(string recording)
    {
        var updates = new List<(long LastId, int Levels)>();
        long snapshotId = 0;
        long snapshotLevels = 0;
        using var reader = new StreamReader(new GZipStream(File.OpenRead(recording), CompressionMode.Decompress));
        for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            using JsonDocument message = JsonDocument.Parse(line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..]);
            JsonElement root = message.RootElement;
            if (root.TryGetProperty("lastUpdateId", out JsonElement id))
            {
                snapshotId = id.GetInt64();
                snapshotLevels = root.GetProperty("bids").GetArrayLength() + root.GetProperty("asks").GetArrayLength();
            }
            else if (root.GetProperty("data").TryGetProperty("e", out JsonElement type) && type.GetString() == "depthUpdate")
            {
                JsonElement data = root.GetProperty("data");
                updates.Add((data.GetProperty("u").GetInt64(), data.GetProperty("b").GetArrayLength() + data.GetProperty("a").GetArrayLength()));
            }
        }

        return (updates.Where(u => u.LastId > snapshotId).Sum(u => Math.Max(1, Frames(u.Levels))), snapshotLevels);

    }

    // The gateway encoder's frame sizes (SbeMarketDataEncoder): every frame fits the engine's largest input.
    private const int SnapshotLevelsPerSide = 10;
    private const int UpdateLevelsPerFrame = 24;

    private static long Frames(int levels) => levels <= 0 ? 0 : (levels + UpdateLevelsPerFrame - 1) / UpdateLevelsPerFrame;

    /// <summary>The records an OKX books transcript's messages of one instrument become: a snapshot of the best levels plus updates for the rest, an update per 24 levels.</summary>
    private static long ExpectedOkxBookFrames(string recording, string instrument)
    {
        long frames = 0;
        foreach (string line in File.ReadLines(recording))
        {
            int json = line.IndexOf(": {", StringComparison.Ordinal);
            if (json < 0 || !line.Contains($"\"channel\":\"books\",\"instId\":\"{instrument}\"}},\"action\":", StringComparison.Ordinal))
            {
                continue;
            }

            using JsonDocument message = JsonDocument.Parse(line[(json + 2)..]);
            JsonElement book = message.RootElement.GetProperty("data")[0];
            int bids = book.GetProperty("bids").GetArrayLength();
            int asks = book.GetProperty("asks").GetArrayLength();
            frames += message.RootElement.GetProperty("action").GetString() == "snapshot"
                ? 1 + Frames(bids - SnapshotLevelsPerSide) + Frames(asks - SnapshotLevelsPerSide)
                : Math.Max(1, Frames(bids + asks));
        }

        return frames;
    }

    /// <summary>The BLP's book of a listing after replaying the dataset, top levels as decimal strings.</summary>
    private static (string[][] Bids, string[][] Asks) ReplayedTop(string dataset, string venueCode, string instrumentSymbol, int depth)
    {
        AuditedReplay replay = AuditedReplay.Run(dataset, null);
        EngineConfig config = EngineConfig.Load(JournalConfigCopy.EngineFile(dataset));
        Assert.That(config.Registry.TryGetVenue(venueCode, out Venue? venue) && config.Registry.TryGetInstrument(instrumentSymbol, out _), Is.True);
        Listing listing = config.Registry.Listings.Single(l => l.Venue.Id == venue!.Id && l.Instrument.Symbol == instrumentSymbol);
        IL2Book book = replay.Processor.Market.Book(listing.Id);
        return (Top(book, Side.Buy), Top(book, Side.Sell));

        string[][] Top(IL2Book book, Side side)
        {
            var levels = new List<string[]>();
            for (int i = 0; i < depth && book.TryGetLevel(side, i, out BookLevel level); i++)
            {
                levels.Add([FixedPointMath.FormatTrimmed(level.Price.Units, listing.Rules.PriceScale), FixedPointMath.FormatTrimmed(level.Quantity.Units, listing.Rules.QuantityScale)]);
            }

            return [.. levels];
        }
    }

    private static string[][] Levels(JsonElement levels) =>
        [.. levels.EnumerateArray().Select(level => new[] { level[0].GetString()!, level[1].GetString()! })];
}
