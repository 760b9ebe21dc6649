using Engine.Cli.Backtesting;
using Engine.Cli.Backtesting.Reports;
using Engine.Codecs;
using Engine.Core;
using Engine.Gateways.Hosting.Venues;
using Engine.Host;
using Engine.Model;

namespace Engine.Cli.Tests.Backtesting;

/// <summary>
/// A dataset backtest's report input, computed by hand on a small known run: equity from the fills' cash flows, fees at
/// the maker or taker rate, funding and the mark; realised P&amp;L at average cost; fill latency, mark and position
/// samples passed through for the charts.
/// </summary>
[TestFixture]
public sealed class ReportRecorderTests
{
    [Test]
    public void Equity_fees_funding_and_realised_pnl_follow_the_fills_and_the_mark()
    {
        using var temp = new TemporaryDirectory("engine-report-recorder");
        EngineConfig config = EngineConfig.Load(DefaultConfiguration.WriteTo(Path.Combine(temp.Path, "config"), Path.Combine(temp.Path, "journal"), "engine-report-recorder"));
        config.Registry.TryGetVenue("SIM", out Venue? sim);
        config.Registry.TryGetInstrument("BTC-USDT", out Instrument? btc);
        uint instrument = (uint)btc!.Id.Value;
        ushort venueId = (ushort)sim!.Id.Value;
        var venue = new FillSimulator(venueId, QueueModel.For(QueueModelKind.RiskAverse), new Discard());
        var recorder = new ReportRecorder(config.Registry, sim.Id, new VenueFees(sim.Id, MakerBps: 10, TakerBps: 20), 1000m, ledgerScale: 8);
        recorder.Follow(instrument);

        recorder.OnSample(0, venue);
        recorder.OnOrder(instrument, 1);

        // Buy 0.01 at 100.00 as the taker (price scale 2, quantity scale 5): 1.00 of notional, 0.002 of fee.
        recorder.OnFill(new SimulatedFill(10, venueId, instrument, 1, 1, IsBuy: true, Price: 10_000, Quantity: 1_000, IsMaker: false, OrderSentNanos: 4));
        venue.OnMarketData(TradeEncoder.TemplateId, instrument, Trade(venueId, instrument, 11_000), 20);
        recorder.OnSample(60, venue);

        // A settlement at mark 110.00 and a rate of 0.01%: the long pays 0.01 × 110 × 0.0001.
        recorder.OnFunding(instrument, 70, 11_000, 1, -4);

        // Sell 0.01 at 120.00 as the maker: 1.20 of notional, 0.0012 of fee, 0.20 realised.
        recorder.OnFill(new SimulatedFill(80, venueId, instrument, 1, 1, IsBuy: false, Price: 12_000, Quantity: 1_000, IsMaker: true, OrderSentNanos: 30));
        recorder.OnSample(90, venue);

        ReportInput input = recorder.Build(60, "abc", "test", barFills: false);
        Assert.That(input.Equity.Select(e => e.Equity), Is.EqualTo(new[] { 1000m, 1000.098m, 1000.19669m }));
        Assert.That(input.Fills.Select(f => (f.Fee, f.IsMaker, f.RealisedPnl, f.LatencyNanos)), Is.EqualTo(new[] { (0.002m, false, 0m, 6L), (0.0012m, true, 0.20m, 50L) }));
        Assert.That(input.Funding.Single().Amount, Is.EqualTo(-0.00011m));
        Assert.That(input.Orders["BTC-USDT"], Is.EqualTo(1));
        Assert.That(input.Prices["BTC-USDT"].Select(p => p.Mid), Is.EqualTo(new[] { 0m, 110m, 110m }));
        Assert.That(input.Positions["BTC-USDT"].Select(p => p.Quantity), Is.EqualTo(new[] { 0m, 0.01m, 0m }));
        Assert.That(input.InstrumentPnl["BTC-USDT"], Is.EqualTo(new[] { 0m, 0.098m, 0.19669m }));
        Assert.DoesNotThrow(input.Validate);
    }

    private static byte[] Trade(ushort venue, uint instrument, long price)
    {
        byte[] frame = new byte[128];
        var trade = TradeEncoder.WrapAndApplyHeader(frame, 0);
        trade.TradeId = 1;
        trade.Price.SetMantissa(price);
        trade.Quantity.SetMantissa(1);
        trade.InstrumentId = instrument;
        trade.VenueId = venue;
        trade.AggressorSide = Side.Buy;
        return frame[..trade.Limit];
    }

    private sealed class Discard : IFrameSink
    {
        public void OnFrame(int templateId, ReadOnlySpan<byte> sbeMessage)
        {
        }
    }
}
