using System.Globalization;
using System.Text.RegularExpressions;
using Engine.Cli.Tests.Support;
using Engine.Codecs;
using Engine.Gateways.Venues.Verification;
using Engine.Matching.Tests;
using Engine.Transport;
using Engine.Transport.Egress;

namespace Engine.Cli.Tests;

/// <summary>
/// Paper trading end to end, with real processes and files: <c>engine run</c> with <c>"mode": "paper"</c>, fed by
/// <c>engine gateway venue --replay</c> of a recorded Binance spot session (../shared/data), runs the sample market
/// maker on BINANCE BTC-USDT; its orders are filled by the engine's paper venue against the replayed book. Then a
/// client rests a bid under the book and sends a marketable IOC order that takes three levels of the book as the
/// replay left it. The test watches egress as an
/// order-entry gateway would, and reads the journal with the operator's commands (dump, ledger, replay).
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class PaperTradingTests
{
    private const ulong TakerAccount = 2;
    private const int MakerBps = 1;
    private const int TakerBps = 5;

    private TemporaryDirectory _folder = null!;
    private string _config = null!;
    private string _journal = null!;
    private string _engineOutput = null!;
    private string[] _reports = [];
    private string[][] _takenAsks = [];
    private EgressWatch _egress = null!;

    [OneTimeSetUp]
    public void RunAPaperSession()
    {
        string recording = Path.Combine(SharedData.Folder("binance/raw"), "spot_btcusdt_20240808.gz");
        _folder = new TemporaryDirectory("engine-paper");
        _config = WriteConfig(_folder.Path);
        _journal = Path.Combine(_folder.Path, "journal");
        string transportPath = Path.Combine(_folder.Path, "ipc");
        using var engine = new EngineChildProcess("run", "--config", _config);
        Assert.That(engine.WaitForOutput("engine: running", TimeSpan.FromMinutes(1)), Is.True, engine.Output);
        Assert.That(engine.Output, Does.Contain("paper mode: orders for BINANCE are filled in this process"));

        using TransportFile transport = TransportFile.OpenForClient(transportPath);
        using (_egress = new EgressWatch(transport))
        {
            EngineRun gateway = EngineProcess.Run("gateway", "venue", "--venue", "binance", "--instruments", "BTC-USDT", "--transport", transportPath,
                "--instrument-config", Path.Combine(_folder.Path, "instruments.json"), "--replay", recording);
            Assert.That(gateway.ExitCode, Is.Zero, gateway.StandardOutput + gateway.StandardError);
            long frames = long.Parse(FramesToTheEngine().Match(gateway.StandardOutput).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
            Assert.That(WaitForProgress(engine, "market data", frames), Is.True, "the engine did not apply the replay:\n" + engine.Output);
            long fills = LastProgress(engine, "fills");

            // The book as the replay left it (the verifier's): a client's IOC buy of the first three ask levels, priced at the third.
            VerifyReport book = VenueVerifier.Run("binance", [recording]);
            _takenAsks = book.Books[0].BestAsks.Take(3).ToArray();
            decimal quantity = _takenAsks.Sum(level => decimal.Parse(level[1], CultureInfo.InvariantCulture));
            long price = Mantissa(_takenAsks[2][0], scale: 2);

            // First a bid 1 % under the book that rests at the paper venue (still open when the session ends), then the taker.
            long restingPrice = Mantissa(book.Books[0].BestBids[0][0], scale: 2) * 99 / 100;
            Assert.That(transport.Ingress.Write(NewOrderDecoder.TemplateId, ClientOrder(9_000, TimeInForce.GoodTillCancel, restingPrice, 100_000)), Is.EqualTo(Engine.Transport.Ingress.OfferResult.Success));
            Assert.That(transport.Ingress.Write(NewOrderDecoder.TemplateId, ClientOrder(9_001, TimeInForce.ImmediateOrCancel, price, Mantissa(quantity.ToString(CultureInfo.InvariantCulture), scale: 8))), Is.EqualTo(Engine.Transport.Ingress.OfferResult.Success));
            Assert.That(WaitForProgress(engine, "fills", fills + 3), Is.True, "the taker order did not fill:\n" + engine.Output);

            // A gateway's fill for a paper venue (an order-entry adapter left on) is refused, never journaled.
            Assert.That(transport.Ingress.Write(ExecutionReportDecoder.TemplateId, ForeignFill()), Is.EqualTo(Engine.Transport.Ingress.OfferResult.Success));
            Assert.That(engine.WaitForOutput("ingress: refused a gateway's frame of type 204 for venue 1", TimeSpan.FromMinutes(1)), Is.True, engine.Output);
            engine.Terminate();
        }

        _engineOutput = engine.Output;
        EngineRun dump = EngineProcess.Run("journal", "dump", _journal, "--type", "ExecutionReport");
        Assert.That(dump.ExitCode, Is.Zero, dump.StandardError);
        _reports = dump.StandardOutput.Split('\n').Where(line => line.Contains(" ExecutionReport ", StringComparison.Ordinal)).ToArray();
    }

    [OneTimeTearDown]
    public void RemoveTheFolder() => _folder?.Dispose();

    [Test]
    public void Quotes_of_the_sample_market_maker_rest_and_fill_as_maker_against_the_recorded_book()
    {
        string[] makerFills = Fills(account: 1).ToArray();
        Assert.That(makerFills, Is.Not.Empty, _engineOutput);
        Assert.That(makerFills, Has.All.Contain("isMaker=True").And.All.Contain("flags=[PostOnly]"));
        Assert.That(_reports.Where(r => r.Contains("accountId=1 ", StringComparison.Ordinal) && r.Contains("execType=New ", StringComparison.Ordinal)).Count(), Is.GreaterThan(makerFills.Length), "more quotes rested than filled");
        Assert.That(_engineOutput, Does.Match(@"paper BINANCE\s+orders [\d,]+, fills [\d,]+ \(maker [\d,]+\)"));
    }

    [Test]
    public void A_taker_order_walks_the_books_depth_filling_at_each_level()
    {
        string[] fills = Fills(TakerAccount).ToArray();

        Assert.That(fills.Select(f => Field(f, "lastPrice")), Is.EqualTo(_takenAsks.Select(level => Decimal(level[0], 2))));
        Assert.That(fills.Select(f => Field(f, "lastQuantity")), Is.EqualTo(_takenAsks.Select(level => Decimal(level[1], 8))));
        Assert.That(fills, Has.All.Contain("isMaker=False"));
        Assert.That(fills[^1], Does.Contain("orderStatus=Filled"));
    }

    [Test]
    public void Fees_are_charged_at_the_venues_rates_and_the_ledger_balances()
    {
        EngineRun ledger = EngineProcess.Run("journal", "ledger", _journal);

        Assert.That(ledger.ExitCode, Is.Zero, ledger.StandardOutput + ledger.StandardError);
        Assert.That(ledger.StandardOutput, Does.Contain("trial balance: zero"));
        Assert.That(FeesOf(ledger.StandardOutput, 1), Is.EqualTo(ExpectedFees(1, MakerBps)));
        Assert.That(FeesOf(ledger.StandardOutput, TakerAccount), Is.EqualTo(ExpectedFees(TakerAccount, TakerBps)));
    }

    [Test]
    public void The_journal_replays_to_the_StateHash_of_the_run()
    {
        string live = StateHash().Match(_engineOutput).Groups[1].Value;
        EngineRun replay = EngineProcess.Run("journal", "replay", _journal);

        Assert.That(replay.ExitCode, Is.Zero, replay.StandardError);
        Assert.That(live, Is.Not.Empty, _engineOutput);
        Assert.That(StateHash().Match(replay.StandardOutput).Groups[1].Value, Is.EqualTo(live));
    }

    [Test]
    public void No_order_request_reaches_egress_where_venue_gateways_read_them()
    {
        Assert.That(_egress.Messages, Is.GreaterThan(0), "the watch saw the engine's outputs");
        Assert.That(_egress.Lapped, Is.Zero);
        Assert.That(_egress.OrderRequests, Is.Zero);
        Assert.That(_reports.Count(r => r.Contains("execType=Trade", StringComparison.Ordinal)), Is.GreaterThan(3));
        Assert.That(_reports.Where(r => r.Contains("execId=987654321 ", StringComparison.Ordinal)), Is.Empty, "the gateway's report was not journaled");
    }

    [Test]
    public void A_restart_reports_the_orders_the_paper_book_held_canceled_and_still_replays()
    {
        int open = int.Parse(OpenOrders().Matches(_engineOutput)[^1].Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.That(open, Is.GreaterThan(0), "the resting client bid at least is open");

        // On a copy: the other tests read the session's journal as it was written.
        string copy = Path.Combine(_folder.Path, "restart");
        CopyFolder(_journal, Path.Combine(copy, "journal"));
        EngineRun restart = EngineProcess.Run("run", "--config", _config, "--data-dir", copy, "--seconds", "2");
        EngineRun replay = EngineProcess.Run("journal", "replay", Path.Combine(copy, "journal"));

        Assert.That(restart.ExitCode, Is.Zero, restart.StandardOutput + restart.StandardError);
        Assert.That(restart.StandardOutput, Does.Contain($"{open} order(s) left open by the previous run are reported canceled"));
        Assert.That(StateHash().Match(replay.StandardOutput).Groups[1].Value, Is.EqualTo(StateHash().Match(restart.StandardOutput).Groups[1].Value));
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (string folder in Directory.EnumerateDirectories(from))
        {
            CopyFolder(folder, Path.Combine(to, Path.GetFileName(folder)));
        }
    }

    private IEnumerable<string> Fills(ulong account) =>
        _reports.Where(r => r.Contains($"accountId={account} ", StringComparison.Ordinal) && r.Contains("execType=Trade ", StringComparison.Ordinal));

    /// <summary>The BLP's fee of each fill: notional × bps, rounded up to the ledger's unit (10 decimals here).</summary>
    private decimal ExpectedFees(ulong account, int bps)
    {
        decimal total = 0;
        foreach (string fill in Fills(account))
        {
            decimal fee = decimal.Parse(Field(fill, "lastPrice"), CultureInfo.InvariantCulture) * decimal.Parse(Field(fill, "lastQuantity"), CultureInfo.InvariantCulture) * bps / 10_000m;
            total += Math.Ceiling(fee * 10_000_000_000m) / 10_000_000_000m;
        }

        Assert.That(total, Is.GreaterThan(0m), $"account {account} has fills");
        return total;
    }

    private static decimal FeesOf(string ledger, ulong account)
    {
        Match fees = Regex.Match(ledger, $@"^\s*{account}\s+USDT\s+fees\s+([\d.]+)", RegexOptions.Multiline);
        Assert.That(fees.Success, Is.True, ledger);
        return decimal.Parse(fees.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string Field(string line, string name) => Regex.Match(line, $@"\b{name}=(\S+)").Groups[1].Value;

    private static string Decimal(string text, int scale) => decimal.Parse(text, CultureInfo.InvariantCulture).ToString("F" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static long Mantissa(string text, int scale) => (long)(decimal.Parse(text, CultureInfo.InvariantCulture) * (decimal)Math.Pow(10, scale));

    private static long LastProgress(EngineChildProcess engine, string counter)
    {
        MatchCollection matches = Regex.Matches(engine.Output, $@"{counter}\s+([\d,]+)");
        return matches.Count == 0 ? 0 : long.Parse(matches[^1].Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
    }

    /// <summary>Waits (up to two minutes) for the once-a-second progress line to show <paramref name="counter"/> at <paramref name="atLeast"/>.</summary>
    private static bool WaitForProgress(EngineChildProcess engine, string counter, long atLeast)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (LastProgress(engine, counter) < atLeast)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                return false;
            }

            Thread.Sleep(100);
        }

        return true;
    }

    /// <summary>A client's NewOrder (as an order gateway sends it): account 2 buys at most at <paramref name="price"/> on BINANCE.</summary>
    private static byte[] ClientOrder(ulong clientOrderId, TimeInForce timeInForce, long price, long quantity)
    {
        byte[] buffer = new byte[MessageHeaderEncoder.EncodedLength + NewOrderEncoder.BlockLength];
        var order = NewOrderEncoder.WrapAndApplyHeader(buffer, 0);
        order.ClientOrderId = clientOrderId;
        order.AccountId = TakerAccount;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = NewOrderEncoder.ExpireTimeNullValue;
        order.SendingTime = 0;
        order.InstrumentId = 1;
        order.StrategyId = 0;
        order.Side = Side.Buy;
        order.OrderType = OrderType.Limit;
        order.TimeInForce = timeInForce;
        order.Flags = 0;
        order.VenueId = 1;
        order.TriggerTime = NewOrderEncoder.TriggerTimeNullValue;
        return buffer;
    }

    /// <summary>What a live BINANCE order-entry adapter would send: a fill of the market maker's first order.</summary>
    private static byte[] ForeignFill()
    {
        byte[] buffer = new byte[512];
        var report = ExecutionReportEncoder.WrapAndApplyHeader(buffer, 0);
        report.OrderId = 77;
        report.ClientOrderId = 1;
        report.OrigClientOrderId = 1;
        report.AccountId = 1;
        report.ExecId = 987_654_321;
        report.Price.SetMantissa(6_000_000);
        report.Quantity.SetMantissa(1_000_000);
        report.LeavesQuantity.SetMantissa(0);
        report.CumulativeQuantity.SetMantissa(1_000_000);
        report.LastPrice.SetMantissa(6_000_000);
        report.LastQuantity.SetMantissa(1_000_000);
        report.TransactTime = 1;
        report.InstrumentId = 1;
        report.StrategyId = 1;
        report.RejectReason = ResultCode.NullValue;
        report.VenueId = 1;
        report.ExecType = ExecType.Trade;
        report.OrderStatus = OrderStatus.Filled;
        report.Side = Side.Buy;
        report.OrderType = OrderType.Limit;
        report.TimeInForce = TimeInForce.GoodTillCancel;
        report.Flags = 0;
        report.IsMaker = BooleanType.True;
        report.SetText(string.Empty);
        return buffer.AsSpan(0, report.Limit).ToArray();
    }

    /// <summary>engine.json (paper mode, BINANCE on paper, the sample market maker on BINANCE BTC-USDT), risk.json and the repository's instruments.json.</summary>
    private static string WriteConfig(string folder)
    {
        File.Copy(VenueGatewayCommandTests.RepositoryFile("config", "instruments.json"), Path.Combine(folder, "instruments.json"));
        File.WriteAllText(Path.Combine(folder, "risk.json"), """
            {
              "valuation": { "asset": "USDT", "scale": 10 },
              "maxAccountId": 16,
              "maxStrategyId": 8,
              "deadManSwitchIntervalMillis": 0,
              "instruments": [
                { "instrument": "BTC-USDT", "venue": "BINANCE", "maxOrderSize": "50", "maxOrderNotional": "5000000", "maxPositionSize": "100",
                  "maxSymbolExposure": "10000000", "priceBandBps": 500 }
              ],
              "accountDefaults": { "maxGrossExposure": "20000000", "maxDailyLoss": "50000", "orderRatePerSecond": 1000, "orderBurst": 2000 },
              "accounts": [],
              "strategyDefaults": { "orderRatePerSecond": 1000, "orderBurst": 2000 }
            }
            """);
        string engine = Path.Combine(folder, "engine.json");
        File.WriteAllText(engine, $$"""
            {
              "instruments": "instruments.json",
              "risk": "risk.json",
              "ledgerScale": 10,
              "mode": "paper",
              "paper": { "venues": [ "BINANCE" ], "orderLatencyMicros": 100, "queueModel": "risk-averse" },
              "fees": [ { "venue": "BINANCE", "makerBps": {{MakerBps}}, "takerBps": {{TakerBps}} } ],
              "strategies": [
                { "id": 1, "kind": "market-maker", "account": 1, "instrument": "BTC-USDT",
                  "parameters": { "quoteSize": "0.01", "halfSpreadTicks": 100, "skewTicksPerQuote": 50, "maxPosition": "0.05", "requoteTicks": 100 } }
              ],
              "deposits": [
                { "account": 1, "asset": "USDT", "amount": "1000000" },
                { "account": 1, "asset": "BTC", "amount": "10" },
                { "account": {{TakerAccount}}, "asset": "USDT", "amount": "10000000" }
              ],
              "journal": { "directory": "journal", "fsync": "none", "segmentSizeMiB": 8 },
              "transport": { "directory": "{{folder}}", "name": "ipc" },
              "pipeline": { "ringSize": 8192, "timerIntervalMillis": 100, "waitStrategy": "sleeping", "threading": "shared" }
            }
            """);
        return engine;
    }

    [GeneratedRegex(@"frames to the engine ([\d,]+)")]
    private static partial Regex FramesToTheEngine();

    [GeneratedRegex(@"StateHash: ([0-9a-f]{16})")]
    private static partial Regex StateHash();

    [GeneratedRegex(@", open ([\d,]+); cancel requests")]
    private static partial Regex OpenOrders();

    /// <summary>Reads egress on a thread of its own, as a venue gateway's order entry would, counting the order requests it would act on.</summary>
    private sealed class EgressWatch : IDisposable
    {
        private readonly Thread _thread;
        private volatile bool _stop;
        private long _messages;
        private long _orderRequests;
        private long _lapped;

        public EgressWatch(TransportFile transport)
        {
            var receiver = new BroadcastReceiver(transport.EgressBuffer);
            _thread = new Thread(() => Run(receiver)) { IsBackground = true, Name = "egress-watch" };
            _thread.Start();
        }

        public long Messages => Interlocked.Read(ref _messages);

        public long OrderRequests => Interlocked.Read(ref _orderRequests);

        public long Lapped => Interlocked.Read(ref _lapped);

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run(BroadcastReceiver receiver)
        {
            byte[] buffer = new byte[1 << 16];
            while (!_stop)
            {
                switch (receiver.TryReceive(buffer, out int type, out _))
                {
                    case ReceiveResult.Message:
                        Interlocked.Increment(ref _messages);
                        if (MessageCatalog.IsOrderRequest(type))
                        {
                            Interlocked.Increment(ref _orderRequests);
                        }

                        break;
                    case ReceiveResult.Lapped:
                        Interlocked.Increment(ref _lapped);
                        break;
                    default:
                        Thread.Sleep(1);
                        break;
                }
            }
        }
    }
}
