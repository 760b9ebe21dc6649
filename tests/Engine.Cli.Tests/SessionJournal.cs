using Engine.Core;
using Engine.Host;
using Engine.Journal.Writing;
using Engine.Primitives;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests;

/// <summary>
/// Writes a journal as the engine would during a short trading session: the configuration copy at
/// <see cref="JournalConfigCopy"/>'s place, then SBE inputs (deposits, best bid/offers, and the execution reports a
/// venue sends back for the market maker's orders: acknowledgements, cancels and fills), each journaled and applied
/// to an in-process BLP, whose order requests decide which reports follow. The in-process BLP's final state is the
/// reference a replay must reproduce. Owned by the test thread.
/// </summary>
public sealed class SessionJournal : IDisposable, IEngineOutput
{
    public const string InstrumentsJson = """
        {
          "venues": [ { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true } ],
          "instruments": [
            { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "spot" }
          ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    public const string RiskJson = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "SIM", "maxOrderSize": "5", "maxOrderNotional": "500000", "maxPositionSize": "20", "maxSymbolExposure": "2000000", "priceBandBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "5000000", "maxDailyLoss": "50000", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    public const string EngineJson = """
        {
          "instruments": "instruments.json",
          "risk": "risk.json",
          "ledgerScale": 8,
          "fees": [ { "venue": "SIM", "makerBps": 1, "takerBps": 5 } ],
          "strategies": [
            { "id": 1, "kind": "market-maker", "account": 1, "instrument": "BTC-USDT",
              "parameters": { "quoteSize": "0.01", "halfSpreadTicks": 50, "skewTicksPerQuote": 10, "maxPosition": "0.05", "requoteTicks": 20 } }
          ],
          "journal": { "directory": "../journal", "fsync": "none", "segmentSizeMiB": 1 },
          "transport": { "name": "replay-tests" },
          "pipeline": { "ringSize": 1024, "timerIntervalMillis": 100 }
        }
        """;

    private readonly JournalWriter _writer;
    private readonly byte[] _input = new byte[512];
    private readonly Queue<(Codecs.ExecType Type, ulong Order)> _reports = new();
    private readonly Dictionary<ulong, (bool Buy, long Price, long Quantity)> _working = [];
    private long _sequence;
    private long _time = 1_700_000_000_000_000_000;
    private long _execId;

    private SessionJournal(string root)
    {
        string configFolder = Path.Combine(root, "config-source");
        System.IO.Directory.CreateDirectory(configFolder);
        File.WriteAllText(Path.Combine(configFolder, "instruments.json"), InstrumentsJson);
        File.WriteAllText(Path.Combine(configFolder, "risk.json"), RiskJson);
        string engineFile = Path.Combine(configFolder, "engine.json");
        File.WriteAllText(engineFile, EngineJson);
        EngineConfig config = EngineConfig.Load(engineFile);
        System.IO.Directory.CreateDirectory(config.JournalDirectory);
        JournalConfigCopy.SaveOrVerify(config);
        Directory = config.JournalDirectory;
        ConfigSourceFile = engineFile;
        Processor = new BusinessLogicProcessor(config.CreateCoreSettings(), this);
        _writer = JournalWriter.Open(config.JournalDirectory, config.Journal);
    }

    public string Directory { get; }

    /// <summary>The engine.json the journal was written with (before the copy's paths were normalised).</summary>
    public string ConfigSourceFile { get; }

    /// <summary>The live, in-process BLP the session was applied to.</summary>
    public BusinessLogicProcessor Processor { get; }

    public long Fills { get; private set; }

    public static SessionJournal Create(string root) => new(root);

    /// <summary>Deposits, then <paramref name="books"/> best bid/offers of a seeded random walk around 60,000.00 with jumps.</summary>
    public void Trade(int books, int seed)
    {
        Deposit("USDT", 1_000_000);
        Deposit("BTC", 10);
        var random = new Random(seed);
        long mid = 6_000_000;
        for (int i = 0; i < books; i++)
        {
            // Mostly small moves; now and then a jump through the quotes (heavy tails), which fills one of them.
            mid += random.Next(50) == 0 ? (random.Next(2) == 0 ? -1 : 1) * random.Next(80, 150) : random.Next(-5, 6);
            long halfSpread = 1 + random.Next(0, 5);
            Bbo(mid - halfSpread, mid + halfSpread);
        }

        _writer.Commit();
    }

    /// <summary>Deposits <paramref name="whole"/> units of an asset into account 1.</summary>
    public void Deposit(string asset, long whole) => Transfer(asset, whole, Codecs.FundsDirection.Deposit);

    /// <summary>Asks to withdraw <paramref name="whole"/> units of an asset from account 1 (refused if that would overdraw it).</summary>
    public void Withdraw(string asset, long whole) => Transfer(asset, whole, Codecs.FundsDirection.Withdrawal);

    private void Transfer(string asset, long whole, Codecs.FundsDirection direction)
    {
        var request = Codecs.FundsTransferRequestEncoder.WrapAndApplyHeader(_input, 0);
        request.RequestId = (ulong)(_sequence + 1);
        request.AccountId = 1;
        request.Amount.SetMantissa(whole * 100_000_000);
        request.RequestTime = _time;
        request.AssetId = (uint)Processor.Assets[asset].Value;
        request.PrincipalId = 1;
        request.Direction = direction;
        Append(Codecs.FundsTransferRequestEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + request.EncodedLength);

        // Readers (the CLI in another process) see records once they are committed, as the engine's journaller does at the end of each batch.
        _writer.Commit();
    }

    public void Bbo(long bid, long ask)
    {
        // The market moved through a working quote: the venue fills it in full, as maker, and reports the fill
        // before the book that shows the move.
        foreach ((ulong order, (bool buy, long price, long _)) in _working)
        {
            if ((buy && ask <= price) || (!buy && bid >= price))
            {
                _reports.Enqueue((Codecs.ExecType.Trade, order));
            }
        }

        SendReports();
        var bbo = Codecs.BestBidOfferEncoder.WrapAndApplyHeader(_input, 0);
        bbo.ExchangeTime = _time;
        bbo.GatewayReceiveTime = _time;
        bbo.VenueSequence = (ulong)_sequence;
        bbo.BidPrice.SetMantissa(bid);
        bbo.BidQuantity.SetMantissa(100_000);
        bbo.AskPrice.SetMantissa(ask);
        bbo.AskQuantity.SetMantissa(100_000);
        bbo.InstrumentId = 1;
        bbo.VenueId = 1;
        Append(Codecs.BestBidOfferEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + bbo.EncodedLength);
        SendReports();
    }

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (templateId == Codecs.NewOrderDecoder.TemplateId)
        {
            var order = Codecs.NewOrderDecoder.WrapWithHeader(message, 0);
            _working[order.ClientOrderId] = (order.Side == Codecs.Side.Buy, order.Price.Mantissa, order.Quantity.Mantissa);
            _reports.Enqueue((Codecs.ExecType.New, order.ClientOrderId));
        }
        else if (templateId == Codecs.CancelOrderDecoder.TemplateId)
        {
            _reports.Enqueue((Codecs.ExecType.Canceled, Codecs.CancelOrderDecoder.WrapWithHeader(message, 0).OrigClientOrderId));
        }
    }

    public void Dispose() => _writer.Dispose();

    private void SendReports()
    {
        while (_reports.TryDequeue(out (Codecs.ExecType Type, ulong Order) next))
        {
            if (!_working.TryGetValue(next.Order, out (bool Buy, long Price, long Quantity) order))
            {
                continue;
            }

            var report = Codecs.ExecutionReportEncoder.WrapAndApplyHeader(_input, 0);
            bool fill = next.Type == Codecs.ExecType.Trade;
            report.OrderId = next.Order + 1_000_000;
            report.ClientOrderId = next.Order;
            report.OrigClientOrderId = next.Order;
            report.ExecId = (ulong)++_execId;
            report.Price.SetMantissa(order.Price);
            report.LastPrice.SetMantissa(fill ? order.Price : Codecs.PriceOptionalEncoder.MantissaNullValue);
            report.LastQuantity.SetMantissa(fill ? order.Quantity : 0);
            report.TransactTime = _time;
            report.ExecType = next.Type;
            report.OrderStatus = fill ? Codecs.OrderStatus.Filled : next.Type == Codecs.ExecType.Canceled ? Codecs.OrderStatus.Canceled : Codecs.OrderStatus.New;
            report.RejectReason = Codecs.ResultCode.NullValue;
            report.IsMaker = Codecs.BooleanType.True;
            report.SetText(string.Empty);
            if (next.Type != Codecs.ExecType.New)
            {
                _working.Remove(next.Order);
            }

            Fills += fill ? 1 : 0;
            Append(Codecs.ExecutionReportEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + report.EncodedLength);
        }
    }

    private void Append(int templateId, int length)
    {
        _time += 1_000_000;
        _sequence++;
        _writer.Append(_sequence, templateId, _time, _time, _input.AsSpan(0, length));
        Processor.Process(_sequence, _time, _input.AsSpan(0, length));
    }
}
