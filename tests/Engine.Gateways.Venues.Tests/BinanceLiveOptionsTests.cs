using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Gateway.Live.Protocols;

namespace Engine.Gateways.Venues.Tests;

/// <summary>Where a live Binance source connects: Binance's documented endpoints of each market.</summary>
[TestFixture]
public sealed class BinanceLiveOptionsTests
{
    [TestCase(BinanceMarket.Spot, "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker/ethusdt@depth@100ms/ethusdt@trade/ethusdt@bookTicker", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000")]
    [TestCase(BinanceMarket.UsdM, "wss://fstream.binance.com/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker/ethusdt@depth@100ms/ethusdt@trade/ethusdt@bookTicker", "https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000")]
    [TestCase(BinanceMarket.CoinM, "wss://dstream.binance.com/stream?streams=btcusdt@depth@100ms/btcusdt@trade/btcusdt@bookTicker/ethusdt@depth@100ms/ethusdt@trade/ethusdt@bookTicker", "https://dapi.binance.com/dapi/v1/depth?symbol=BTCUSDT&limit=1000")]
    public void Defaults_AreBinancesEndpoints_WithLowerCaseStreamsAndUpperCaseSymbols(BinanceMarket market, string stream, string depth)
    {
        BinanceLiveOptions options = BinanceLiveOptions.For(market);

        Assert.That(options.StreamUrl(["BTCUSDT", "ethusdt"]).ToString(), Is.EqualTo(stream));
        Assert.That(options.DepthUrl("btcusdt").ToString(), Is.EqualTo(depth));
    }

    [Test]
    public void OverriddenBases_KeepThePaths()
    {
        BinanceLiveOptions options = BinanceLiveOptions.For(BinanceMarket.CoinM) with { WebSocketBase = new Uri("ws://127.0.0.1:5000/"), RestBase = new Uri("http://127.0.0.1:5001") };

        Assert.That(options.StreamUrl(["BTCUSD_PERP"]).ToString(), Is.EqualTo("ws://127.0.0.1:5000/stream?streams=btcusd_perp@depth@100ms/btcusd_perp@trade/btcusd_perp@bookTicker"));
        Assert.That(options.DepthUrl("BTCUSD_PERP").ToString(), Is.EqualTo("http://127.0.0.1:5001/dapi/v1/depth?symbol=BTCUSD_PERP&limit=1000"));
    }

    [TestCase("binance", BinanceMarket.Spot)]
    [TestCase("binance-usdm", BinanceMarket.UsdM)]
    [TestCase("binance-coinm", BinanceMarket.CoinM)]
    public void FeedNames_NameTheirMarket(string feed, BinanceMarket market)
    {
        Assert.That(BinanceLiveOptions.TryMarketOf(feed, out BinanceMarket found), Is.True);
        Assert.That(found, Is.EqualTo(market));
    }

    [Test]
    public void OneConnection_CarriesEverySymbolsStreams_UpToBinancesLimitOf1024Streams()
    {
        BinanceLiveOptions options = BinanceLiveOptions.For(BinanceMarket.UsdM);
        string[] most = Enumerable.Range(0, BinanceLiveOptions.MaxSymbolsPerConnection).Select(i => $"S{i}USDT").ToArray();

        Assert.That(options.StreamUrl(most).Query.Split('/'), Has.Length.EqualTo(most.Length * BinanceLiveOptions.StreamsPerSymbol));
        Assert.That(
            () => options.StreamUrl([.. most, "ONEMOREUSDT"]),
            Throws.ArgumentException.With.Message.Contains($"{most.Length + 1} symbols need {(most.Length + 1) * 3} streams; one Binance connection carries at most 1024"));
    }

    [Test]
    public void BinanceProtocol_SendsNothingOnConnecting_AndDeliversEveryMessage_ItsSnapshotsComeOverRest()
    {
        var protocol = new BinanceSocketProtocol("binance-usdm", BinanceLiveOptions.For(BinanceMarket.UsdM));

        Assert.That(protocol.Subscribe(["BTCUSDT", "ETHUSDT"]), Is.Empty, "the combined stream's URL names the streams");
        Assert.That(protocol.ResubscribeBook("BTCUSDT"), Is.Empty, "a Binance book resyncs from a REST snapshot");
        Assert.That(protocol.KeepAliveMessage(), Is.Null);
        Assert.That(protocol.Inspect("{\"result\":null,\"id\":1}"u8, out string? reply), Is.EqualTo(SocketFrameKind.Deliver));
        Assert.That(reply, Is.Null);
        Assert.That(protocol, Is.InstanceOf<IRestSnapshotProtocol>());
        Assert.That(protocol.ProductionUrl, Is.EqualTo(new Uri("wss://fstream.binance.com")));
    }

    [Test]
    public void OtherVenues_HaveNoBinanceMarket() => Assert.That(BinanceLiveOptions.TryMarketOf("okx", out _), Is.False);
}
