using System.Diagnostics;
using Engine.Transport;
using Engine.Transport.Egress;

namespace Engine.Host.Tests;

/// <summary>
/// The engine process's pipeline with a real journal and a real transport file: a test client plays the venue over
/// IPC (market data in, order requests out, execution reports in); after stopping, a replay of the journal ends in
/// the live run's StateHash, and a restart recovers the same state from the journal.
/// </summary>
[TestFixture]
public sealed class EngineHostTests
{
    private string _directory = null!;

    [SetUp]
    public void SetUp()
    {
        _directory = Path.Combine(Path.GetTempPath(), "engine-host-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_directory, recursive: true);

    [TestCase("dedicated")]
    [TestCase("shared")]
    public void LiveRunOverIpc_ReplaysToTheSameStateHash_AndARestartRecoversIt(string threading)
    {
        EngineConfig config = WriteConfig(threading);
        Assert.That(config.Threading.ToString(), Is.EqualTo(threading).IgnoreCase);
        ulong live;
        long inputs;
        using (EngineHost host = EngineHost.Start(config, _ => { }))
        {
            using TransportFile client = TransportFile.OpenForClient(host.TransportPath!);
            var venue = new TestVenue(client);
            long mid = 6_000_000;
            for (int i = 0; i < 300; i++)
            {
                mid += (i % 7) - 3;
                venue.SendBbo(mid - 50, mid + 50, (ulong)i);
                venue.AnswerOrders(fillEvery: 2);
            }

            WaitUntil(() =>
            {
                venue.AnswerOrders(fillEvery: 2);
                return Volatile.Read(ref host.Processor.Counters.MarketData) == 300 && Volatile.Read(ref host.Processor.Counters.Fills) > 0;
            }, () => $"market data {host.Processor.Counters.MarketData}, orders submitted {host.Processor.Counters.OrdersSubmitted}, accepted {host.Processor.Counters.OrdersAccepted}, fills {host.Processor.Counters.Fills}, seen by venue {venue.OrdersSeen}, refused frames {host.Receiver.FramesRefused}, malformed {host.Processor.Counters.MalformedInputs}, last reject {host.Processor.Counters.LastRejectCode}");
            host.Stop();
            live = host.Processor.StateHash();
            inputs = host.Processor.Sequence;
            Assert.That(host.Processor.Counters.Fills, Is.GreaterThan(0), "the run must exercise fills");
            Assert.That(host.Processor.Ledger.ComputeTrialBalance().IsBalanced, Is.True);
        }

        EngineConfig recorded = EngineConfig.Load(JournalConfigCopy.EngineFile(config.JournalDirectory));
        var replay = JournalReplayer.Replay(config.JournalDirectory, recorded, new JournalReplayer.CountingOutput());
        Assert.That(replay.LastSequence, Is.EqualTo(inputs));
        Assert.That(replay.StateHash, Is.EqualTo(live));
        var again = JournalReplayer.Replay(config.JournalDirectory, recorded, new JournalReplayer.CountingOutput());
        Assert.That(again.StateHash, Is.EqualTo(live), "replaying the same journal twice gives the same hash");

        // The graceful stop wrote a snapshot at the last input: a restart starts from it, with an empty tail.
        using EngineHost restarted = EngineHost.Start(config, _ => { }, withTransport: false);
        Assert.That(restarted.RecoveredFromSnapshot, Is.EqualTo(inputs));
        Assert.That(restarted.RecoveredRecords, Is.EqualTo(inputs));
        Assert.That(restarted.Processor.StateHash(), Is.EqualTo(live), "snapshot recovery rebuilds the live state");
        restarted.Stop();
    }

    [Test]
    public void DamagedNewestSnapshot_IsSkipped_AndRecoveryFallsBackToAnOlderOneOrTheJournal()
    {
        EngineConfig config = WriteConfig();
        using (EngineHost first = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            WaitUntil(() => first.LastAppliedSequence >= 5, () => $"applied {first.LastAppliedSequence}");
            first.Stop();
        }

        long inputs;
        using (EngineHost second = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            WaitUntil(() => second.LastAppliedSequence >= second.RecoveredRecords + 5, () => $"applied {second.LastAppliedSequence}");
            second.Stop();
            inputs = second.Processor.Sequence;
        }

        string[] snapshots = Engine.Journal.Snapshots.SnapshotStore.List(config.JournalDirectory);
        Assert.That(snapshots, Has.Length.EqualTo(2));
        byte[] newest = File.ReadAllBytes(snapshots[^1]);
        newest[^1] ^= 0xFF;
        File.WriteAllBytes(snapshots[^1], newest);
        var log = new List<string>();

        using EngineHost third = EngineHost.Start(config, log.Add, withTransport: false);
        third.Stop();

        Assert.That(log, Has.Some.Contains("payload checksum mismatch"));
        Assert.That(third.RecoveredFromSnapshot, Is.GreaterThan(0).And.LessThan(inputs), "the older snapshot, then the journal after it");
        Assert.That(third.RecoveredRecords, Is.EqualTo(inputs));
        var replay = JournalReplayer.Replay(config.JournalDirectory, config, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(third.Processor.StateHash()));
    }

    [Test]
    public void VenueGatewayThatStopsHeartbeating_IsDeclaredDead_AndItsOrdersAreCanceled()
    {
        EngineConfig config = WriteConfig();
        using EngineHost host = EngineHost.Start(config, _ => { });
        using TransportFile client = TransportFile.OpenForClient(host.TransportPath!);
        using Engine.Transport.Liveness.ClientSlot slot = client.Clients.Register("venue:SIM")!;
        var venue = new TestVenue(client);
        venue.SendBbo(5_999_950, 6_000_050, 1);
        WaitUntil(
            () =>
            {
                slot.Heartbeat();
                venue.AnswerOrders(fillEvery: int.MaxValue);
                return host.Processor.Orders.Count == 2 && venue.OrdersSeen == 2;
            },
            () => $"open orders {host.Processor.Orders.Count}, seen by venue {venue.OrdersSeen}");

        // The venue goes silent: no more heartbeats. The receiver declares it dead and journals it; the BLP cancels.
        WaitUntil(() => Volatile.Read(ref host.Processor.Counters.CanceledOnDisconnect) == 2, () => $"canceled on disconnect {host.Processor.Counters.CanceledOnDisconnect}, dead clients {host.Receiver.DeadClients}");
        host.Stop();

        Assert.That(host.Processor.Orders.Count, Is.Zero);
        Assert.That(host.Receiver.DeadClients, Is.EqualTo(1));
        var replay = JournalReplayer.Replay(config.JournalDirectory, config, new JournalReplayer.CountingOutput());
        Assert.That(replay.StateHash, Is.EqualTo(host.Processor.StateHash()), "the disconnect was journaled, so replay agrees");
    }

    [Test]
    public void BadConfig_NamesTheFileKeyAndProblem()
    {
        string path = Path.Combine(_directory, "engine.json");
        DefaultConfiguration.WriteTo(_directory, Path.Combine(_directory, "journal"), "engine-test");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"batch\"", "\"sometimes\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Is.EqualTo("engine.json: $.journal.fsync: 'sometimes' is not one of none, batch, record"));
    }

    [Test]
    public void UnknownThreading_IsRefusedWithTheChoices()
    {
        string path = Path.Combine(_directory, "engine.json");
        DefaultConfiguration.WriteTo(_directory, Path.Combine(_directory, "journal"), "engine-test");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"waitStrategy\": \"yielding\"", "\"waitStrategy\": \"yielding\", \"threading\": \"both\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Is.EqualTo("engine.json: $.pipeline.threading: 'both' is not one of dedicated, shared"));
    }

    [Test]
    public void UnknownKey_IsRefusedWithItsPath()
    {
        string path = Path.Combine(_directory, "engine.json");
        DefaultConfiguration.WriteTo(_directory, Path.Combine(_directory, "journal"), "engine-test");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"ringSize\"", "\"ringSise\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Does.StartWith("engine.json: $.pipeline.ringSise: unknown key (allowed: ringSize"));
    }

    [Test]
    public void LedgerTransferCapacity_SizesTheLedgerUpFront_AndZeroIsRefused()
    {
        string path = WriteDefaultConfig(text => text.Replace("\"ledgerScale\": 8,", "\"ledgerScale\": 8, \"ledgerTransferCapacity\": 200000,", StringComparison.Ordinal));
        Assert.That(EngineConfig.Load(path).CreateCoreSettings().LedgerTransferCapacity, Is.EqualTo(200_000));

        path = WriteDefaultConfig(text => text.Replace("\"ledgerScale\": 8,", "\"ledgerScale\": 8, \"ledgerTransferCapacity\": 0,", StringComparison.Ordinal));
        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Does.StartWith("engine.json: $.ledgerTransferCapacity: "));
    }

    [Test]
    public void UnknownStrategyKind_IsRefusedWithTheRegisteredKinds()
    {
        string path = WriteDefaultConfig(text => text.Replace("\"kind\": \"market-maker\"", "\"kind\": \"grid\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Is.EqualTo("engine.json: $.strategies[0].kind: unknown strategy kind 'grid' (known: market-maker, momentum-taker)"));
    }

    [TestCase("\"quoteSize\": \"0.01\"", "\"quoteSize\": \"0.000000001\"", "$.strategies[0].parameters.quoteSize")]
    [TestCase("\"halfSpreadTicks\": 100", "\"halfSpreadTicks\": \"wide\"", "$.strategies[0].parameters.halfSpreadTicks")]
    [TestCase("\"halfSpreadTicks\": 100", "\"halfSpreadTick\": 100", "$.strategies[0].parameters.halfSpreadTick")]
    [TestCase("\"requoteTicks\": 100", "\"requoteTicks\": 100, \"comment\": \"x\"", "$.strategies[0].parameters.comment")]
    public void BadStrategyParameter_IsRefusedWithItsPath(string valid, string invalid, string expectedPath)
    {
        string path = WriteDefaultConfig(text => text.Replace(valid, invalid, StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Does.StartWith($"engine.json: {expectedPath}: "));
    }

    [Test]
    public void MissingStrategyParameter_IsRefusedWithItsPath()
    {
        string path = WriteDefaultConfig(text =>
        {
            var root = System.Text.Json.Nodes.JsonNode.Parse(text)!;
            root["strategies"]![0]!["parameters"]!.AsObject().Remove("requoteTicks");
            return root.ToJsonString();
        });

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Does.StartWith("engine.json: $.strategies[0].parameters.requoteTicks: "));
    }

    [Test]
    public void StrategyOnAListingOfAnotherVenue_IsRefused()
    {
        string path = WriteDefaultConfig(text => text.Replace("\"instrument\": \"BTC-USDT\"", "\"instrument\": \"BTC-USDT\", \"venue\": \"NOWHERE\"", StringComparison.Ordinal));

        var error = Assert.Throws<EngineConfigException>(() => EngineConfig.Load(path));
        Assert.That(error!.Message, Does.StartWith("engine.json: $.strategies[0].venue: "));
    }

    [TestCase("dedicated")]
    [TestCase("shared")]
    public void LiveRun_measures_every_stage_of_every_input_and_publishes_them_beside_the_transport_file(string threading)
    {
        EngineConfig config = WriteConfig(threading);
        using EngineHost host = EngineHost.Start(config, _ => { });
        using (TransportFile client = TransportFile.OpenForClient(host.TransportPath!))
        {
            var venue = new TestVenue(client);
            for (int i = 0; i < 50; i++)
            {
                venue.SendBbo(6_000_000 - 50 + i, 6_000_000 + 50 + i, (ulong)i);
            }

            string file = PipelineLatencyFile.PathFor(host.TransportPath!);
            WaitUntil(
                () =>
                {
                    venue.AnswerOrders(fillEvery: 2);
                    return Volatile.Read(ref host.Processor.Counters.MarketData) == 50 && File.Exists(file);
                },
                () => $"market data {host.Processor.Counters.MarketData}, latency file {File.Exists(file)}");
            Assert.That(File.ReadAllText(file), Does.Contain("\"stage\":\"receive -> journaled\""));
        }

        host.Stop();
        LatencySummary journaled = host.Latencies.ReceiveToJournaled.Summarize();
        LatencySummary applied = host.Latencies.JournaledToApplied.Summarize();
        LatencySummary egress = host.Latencies.BlpToEgress.Summarize();
        Assert.That(journaled.Count, Is.EqualTo(host.Processor.Sequence), "every input of a fresh journal went through the live pipeline");
        Assert.That(applied.Count, Is.EqualTo(host.Processor.Sequence));
        Assert.That(egress.Count, Is.GreaterThan(0), "the market maker quoted");
        Assert.That(egress.Count, Is.LessThanOrEqualTo(host.Publisher.Published), "one sample per input that published, however many outputs it had");
        Assert.That(egress.Count, Is.LessThanOrEqualTo(host.Processor.Sequence));
        Assert.That(File.Exists(PipelineLatencyFile.PathFor(config.Transport.FilePath)), Is.False, "removed with the transport file");
    }

    [Test]
    public void Journal_RestartsWithAnotherThreadingOrWaitStrategy()
    {
        EngineConfig config = WriteConfig("dedicated");
        using (EngineHost host = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            host.Stop();
        }

        string path = config.Path;
        File.WriteAllText(path, File.ReadAllText(path)
            .Replace("\"threading\": \"dedicated\"", "\"threading\": \"shared\"", StringComparison.Ordinal)
            .Replace("\"waitStrategy\": \"yielding\"", "\"waitStrategy\": \"sleeping\"", StringComparison.Ordinal));
        EngineConfig changed = EngineConfig.Load(path);
        Assert.That((changed.Threading, changed.Wait), Is.EqualTo((PipelineThreading.Shared, WaitKind.Sleeping)));
        using EngineHost restarted = EngineHost.Start(changed, _ => { }, withTransport: false);
        Assert.That(restarted.RecoveredRecords, Is.GreaterThan(0));
        restarted.Stop();
    }

    [Test]
    public void JournalWrittenWithAnotherConfig_IsRefusedAtStart()
    {
        EngineConfig config = WriteConfig();
        using (EngineHost host = EngineHost.Start(config, _ => { }, withTransport: false))
        {
            host.Stop();
        }

        string path = config.Path;
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"takerBps\": 5", "\"takerBps\": 7", StringComparison.Ordinal));
        var error = Assert.Throws<EngineConfigException>(() => EngineHost.Start(EngineConfig.Load(path), _ => { }, withTransport: false));
        Assert.That(error!.Message, Does.Contain("was written with another configuration"));
        Assert.That(error.Message, Does.Contain("engine.json $.fees[0].takerBps: 5 (journal) vs 7"));
    }

    private string WriteDefaultConfig(Func<string, string> edit)
    {
        string path = Path.Combine(_directory, "engine.json");
        DefaultConfiguration.WriteTo(_directory, Path.Combine(_directory, "journal"), "engine-test");
        string text = File.ReadAllText(path);
        string edited = edit(text);
        Assert.That(edited, Is.Not.EqualTo(text), "the edit applies to the default configuration");
        File.WriteAllText(path, edited);
        return path;
    }

    private EngineConfig WriteConfig(string threading = "dedicated")
    {
        string file = DefaultConfiguration.WriteTo(Path.Combine(_directory, "config"), Path.Combine(_directory, "journal"), "engine-test-" + Guid.NewGuid().ToString("N"), _directory);
        string text = File.ReadAllText(file);
        string withThreading = text.Replace("\"waitStrategy\": \"yielding\"", $"\"waitStrategy\": \"yielding\", \"threading\": \"{threading}\"", StringComparison.Ordinal);
        Assert.That(withThreading, Is.Not.EqualTo(text), "the default configuration names its wait strategy");
        File.WriteAllText(file, withThreading);
        return EngineConfig.Load(file);
    }

    private static void WaitUntil(Func<bool> condition, Func<string> describe)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(60)), () => "the engine did not catch up: " + describe());
            Thread.Sleep(10);
        }
    }

    /// <summary>Plays the venue: publishes BBOs on ingress, answers NewOrder requests from egress with New and fills.</summary>
    private sealed class TestVenue(TransportFile transport)
    {
        private readonly BroadcastReceiver _egress = new(transport.EgressBuffer);
        private readonly byte[] _buffer = new byte[1024];
        private readonly byte[] _out = new byte[256];
        private int _orders;

        public int OrdersSeen => _orders;

        public void SendBbo(long bid, long ask, ulong sequence)
        {
            var bbo = Codecs.BestBidOfferEncoder.WrapAndApplyHeader(_out, 0);
            bbo.ExchangeTime = MonotonicClock.WallNanos();
            bbo.GatewayReceiveTime = MonotonicClock.WallNanos();
            bbo.VenueSequence = sequence;
            bbo.BidPrice.SetMantissa(bid);
            bbo.BidQuantity.SetMantissa(100_000);
            bbo.AskPrice.SetMantissa(ask);
            bbo.AskQuantity.SetMantissa(100_000);
            bbo.InstrumentId = 1;
            bbo.VenueId = 9;
            Offer(Codecs.BestBidOfferEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + bbo.EncodedLength);
        }

        public void AnswerOrders(int fillEvery)
        {
            while (_egress.TryReceive(_buffer, out int type, out int _) == ReceiveResult.Message)
            {
                if (type != Codecs.NewOrderDecoder.TemplateId)
                {
                    continue;
                }

                var order = Codecs.NewOrderDecoder.WrapWithHeader(_buffer, 0);
                _orders++;
                Report(order.ClientOrderId, Codecs.ExecType.New, 0, 0);
                if (_orders % fillEvery == 0)
                {
                    Report(order.ClientOrderId, Codecs.ExecType.Trade, order.Price.Mantissa, order.Quantity.Mantissa);
                }
            }
        }

        private void Report(ulong clientOrderId, Codecs.ExecType type, long price, long quantity)
        {
            var report = Codecs.ExecutionReportEncoder.WrapAndApplyHeader(_out, 0);
            report.OrderId = clientOrderId + 1000;
            report.ClientOrderId = clientOrderId;
            report.OrigClientOrderId = clientOrderId;
            report.ExecId = (ulong)_orders;
            report.Price.SetMantissa(Codecs.PriceOptionalEncoder.MantissaNullValue);
            report.LastPrice.SetMantissa(quantity > 0 ? price : Codecs.PriceOptionalEncoder.MantissaNullValue);
            report.LastQuantity.SetMantissa(quantity);
            report.TransactTime = MonotonicClock.NowNanos();
            report.ExecType = type;
            report.OrderStatus = quantity > 0 ? Codecs.OrderStatus.Filled : Codecs.OrderStatus.New;
            report.RejectReason = Codecs.ResultCode.NullValue;
            report.IsMaker = Codecs.BooleanType.True;
            report.SetText(string.Empty);
            Offer(Codecs.ExecutionReportEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + report.EncodedLength);
        }

        private void Offer(int type, int length)
        {
            while (transport.Ingress.Write(type, _out.AsSpan(0, length)) != Engine.Transport.Ingress.OfferResult.Success)
            {
                Thread.Yield();
            }
        }
    }
}
