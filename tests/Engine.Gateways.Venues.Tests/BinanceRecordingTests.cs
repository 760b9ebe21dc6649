using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;

namespace Engine.Gateways.Venues.Tests;

/// <summary>
/// The recorded Binance sessions of ../shared/data replay through the Binance feed and the engine's L2 book with
/// no gap, no crossed book and every bookTicker cross-check equal (the data's README says an independent check
/// found the same).
/// </summary>
[TestFixture]
public sealed class BinanceRecordingTests
{
    [TestCase("binance", "spot_btcusdt_20240808.gz", "spot_btcusdt_20240809.gz")]
    [TestCase("binance-usdm", "usdm_btcusdt_20240808.gz")]
    [TestCase("binance-coinm", "cm_btcusd_perp_20240808.gz", "cm_btcusd_perp_20240809.gz")]
    public void HftBacktestRecording_ReplaysWithoutGapsAndEveryBookTickerCheckEqual(string venue, params string[] files)
    {
        string folder = SharedData.Folder("binance/raw");
        VerifyReport report = VenueVerifier.Run(venue, files.Select(f => Path.Combine(folder, f)).ToArray(), TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Counters.Snapshots, Is.EqualTo(1));
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.Counters.DepthUpdates, Is.GreaterThan(5_000));
        Assert.That(report.Counters.Trades, Is.GreaterThan(0));
        Assert.That(report.Counters.BookTickerChecks, Is.GreaterThan(100));
        Assert.That(report.Counters.BookTickerMismatches, Is.Zero);
        Assert.That(report.EngineBookMismatches, Is.Zero);
        Assert.That(report.Books[0].BestBids, Has.Count.EqualTo(5));
        Assert.That(report.Ok, Is.True);
    }

    [TestCase("binance", "BINANCE.http.0.0", "BINANCE.ws.1.0")]
    [TestCase("binance-usdm", "BINANCE_FUTURES.http.0.0", "BINANCE_FUTURES.ws.1.0")]
    public void CryptofeedTranscript_SyncsEveryBookFromItsRestSnapshot(string venue, string rest, string stream)
    {
        string folder = SharedData.Folder("venues/cryptofeed");
        VerifyReport report = VenueVerifier.Run(venue, [Path.Combine(folder, rest), Path.Combine(folder, stream)], TestContext.Progress.WriteLine);
        TestContext.Progress.WriteLine(report.ToJson());

        Assert.That(report.Books, Has.Count.EqualTo(4));
        Assert.That(report.Counters.Snapshots, Is.EqualTo(4));
        Assert.That(report.Counters.Gaps, Is.Zero);
        Assert.That(report.Counters.CrossedBooks, Is.Zero);
        Assert.That(report.Counters.BadInputTotal, Is.Zero);
        Assert.That(report.Counters.BookTickerMismatches, Is.Zero);
        Assert.That(report.Books.Select(b => b.State), Is.All.EqualTo("Live"));
        Assert.That(report.Ok, Is.True);
    }
}
