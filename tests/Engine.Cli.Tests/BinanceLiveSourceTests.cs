using Engine.Cli.Tests.Support;
using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Matching.Tests;
using Engine.Transport;

namespace Engine.Cli.Tests;

/// <summary><see cref="BinanceLiveSource"/> in this process against the local Binance stand-in: what the gateway thread sees of it.</summary>
[TestFixture]
public sealed class BinanceLiveSourceTests
{
    [Test]
    public async Task AGatewayThatFallsAQueueBehind_DropsTheConnectionAndReconnects_AndTheQueuedFramesStayReadable()
    {
        BinanceRecordedSession session = BinanceRecordedSession.Load(Path.Combine(SharedData.Folder("binance/raw"), "spot_btcusdt_20240808.gz"), minimumMessages: 2_000);
        await using BinanceTestServer server = await BinanceTestServer.StartAsync(session);
        var log = new StringWriter();
        BinanceLiveOptions options = BinanceLiveOptions.For(BinanceMarket.Spot) with { WebSocketBase = server.WebSocketBase, RestBase = server.RestBase, QueueCapacity = 64 };
        long before = MonotonicClock.WallNanos();
        using var source = new BinanceLiveSource("binance", options, ["BTCUSDT"], log);
        source.Start();

        // Nobody drains the queue: the gateway is "stuck".
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!(source.QueueOverflows >= 1 && source.Connections >= 2) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(10);
        }

        // Stopped (the log is complete), the frames queued stay readable.
        source.Stop();
        Assert.That(source.Connections, Is.GreaterThanOrEqualTo(2), log.ToString());
        Assert.That(log.ToString(), Does.Contain("the gateway fell 64 messages behind; dropped the connection (the books resync after it); reconnecting in"));

        // What was queued before the overflow is still there for the gateway, stamped on the host's clock.
        var frames = new List<RawFrame>();
        while (source.TryNext(MonotonicClock.WallNanos(), out RawFrame frame))
        {
            frames.Add(frame);
        }

        long after = MonotonicClock.WallNanos();
        Assert.That(frames, Has.Count.EqualTo(64));
        Assert.That(frames.Select(f => f.ReceiveNanos), Is.All.InRange(before, after));
        Assert.That(frames.Where(f => !f.IsRestSnapshot).Select(f => f.Payload.ToArray()), Is.EqualTo(session.Messages.Take(frames.Count(f => !f.IsRestSnapshot))));
        Assert.That(source.FramesDelivered, Is.EqualTo(64));
    }

    [Test]
    public void RequestSnapshot_WhileNeverConnected_FetchesNothing_AndStopEndsTheSource()
    {
        // Nothing listens on the port of a server that has gone: every connection attempt is refused.
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var log = new StringWriter();
        BinanceLiveOptions options = BinanceLiveOptions.For(BinanceMarket.UsdM) with { WebSocketBase = new Uri($"ws://127.0.0.1:{port}"), RestBase = new Uri($"http://127.0.0.1:{port}") };
        var source = new BinanceLiveSource("binance-usdm", options, ["BTCUSDT"], log);
        source.Start();
        source.RequestSnapshot("BTCUSDT");
        source.RequestSnapshot("BTCUSDT");
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (source.FailedConnects < 2 && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            Thread.Sleep(10);
        }

        source.Dispose();
        Assert.That(source.FailedConnects, Is.GreaterThanOrEqualTo(2), log.ToString());
        Assert.That(source.SnapshotRequests, Is.EqualTo(1), "the second request is the first's");
        Assert.That(source.SnapshotFailures, Is.Zero, "no snapshot is fetched without the stream");
        Assert.That(source.TryNext(MonotonicClock.WallNanos(), out _), Is.False);
        Assert.That(log.ToString(), Does.Contain("binance-usdm: connection failed (").And.Contain("reconnecting in"));
    }
}
