using System.Text.Json;
using Engine.Matching.Tests;

namespace Engine.Cli.Tests;

/// <summary><c>engine venue verify</c> on the recorded venue sessions of ../shared/data, run as the real <c>engine</c> process.</summary>
[TestFixture]
public sealed class VenueCommandTests
{
    [Test]
    public void Verify_BinanceSpotTwoDays_EndsWithTheReportAndExitsZero()
    {
        string folder = SharedData.Folder("binance/raw");
        EngineRun run = EngineProcess.Run("venue", "verify", "--venue", "binance", "--recording", Path.Combine(folder, "spot_btcusdt_20240808.gz"), Path.Combine(folder, "spot_btcusdt_20240809.gz"));
        Assert.That(run.ExitCode, Is.Zero, run.StandardOutput + run.StandardError);

        using JsonDocument report = JsonDocument.Parse(run.StandardOutput.TrimEnd().Split('\n')[^1]);
        JsonElement root = report.RootElement;
        Assert.That(root.GetProperty("gaps").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("crossedBooks").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("depthUpdates").GetInt64(), Is.GreaterThan(5_000));
        Assert.That(root.GetProperty("bookTickerChecks").GetInt64(), Is.GreaterThan(1_000));
        Assert.That(root.GetProperty("bookTickerMismatches").GetInt64(), Is.Zero);
        Assert.That(root.GetProperty("bestBids").GetArrayLength(), Is.EqualTo(5));
        Assert.That(root.GetProperty("bestAsks")[0][0].GetString(), Does.Match(@"^\d+(\.\d+)?$"));
    }

    [Test]
    public void Verify_UnknownVenue_IsAUsageErrorNamingTheKnownOnes()
    {
        EngineRun run = EngineProcess.Run("venue", "verify", "--venue", "nasdaq", "--recording", "x");
        Assert.That(run.ExitCode, Is.EqualTo(2));
        Assert.That(run.StandardError.Trim(), Does.StartWith("engine: usage error: --venue: unknown venue 'nasdaq' (known: binance,"));
    }

    [Test]
    public void Verify_ARecordingWithAGap_ExitsOne()
    {
        string file = Path.Combine(Path.GetTempPath(), "engine-venue-gap-" + Guid.NewGuid().ToString("N") + ".txt");
        // The snapshot names no symbol: the recording's one instrument is known from the event before it.
        File.WriteAllLines(file,
        [
            """1 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":101,"u":102,"b":[["100.00","0.5"]],"a":[]}}""",
            """2 {"lastUpdateId":100,"bids":[["100.00","1.0"]],"asks":[["101.00","1.5"]]}""",
            """3 {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":104,"u":105,"b":[["100.00","0.7"]],"a":[]}}""",
        ]);
        try
        {
            EngineRun run = EngineProcess.Run("venue", "verify", "--venue", "binance", "--recording", file);
            Assert.That(run.ExitCode, Is.EqualTo(1), run.StandardOutput + run.StandardError);
            Assert.That(run.StandardOutput, Does.Contain("\"gaps\":1,"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
