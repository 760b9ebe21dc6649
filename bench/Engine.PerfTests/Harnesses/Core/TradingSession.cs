using System.Diagnostics;
using Engine.Core;
using Engine.Journal.Writing;
using Engine.Model;
using Engine.Primitives;
using Engine.Risk;
using Codecs = Engine.Codecs;

namespace Engine.PerfTests.Harnesses.Core;

/// <summary>
/// A trading session as the engine journals it, produced in one process: SBE inputs (deposits, best bid/offers of a
/// seeded random walk with occasional jumps, timer ticks every 100 ms of input time, and the simulated venue's
/// execution reports for the market maker's orders: acknowledgements, cancels, and fills when the market moves through
/// a quote) are applied one at a time to a BLP, whose order requests decide which reports follow; optionally each
/// input is also appended to a journal. The venue here is the simplest one that acknowledges everything (the real
/// simulated venue runs our matching engine); what matters for the harnesses is that the BLP sees the input mix of a
/// demo run. Steady state allocates nothing (fixed arrays), so it can sit inside a measured loop.
/// Owned by one thread.
/// </summary>
public sealed class TradingSession : IEngineOutput
{
    public const long BboIntervalNanos = 1_000_000;
    public const long TimerIntervalNanos = 100_000_000;
    public const long StartTime = 1_700_000_000_000_000_000;

    private const string InstrumentsJson = """
        {
          "venues": [ { "code": "SIM", "name": "Simulated venue", "symbolFormat": "dash", "simulated": true } ],
          "instruments": [ { "symbol": "BTC-USDT", "base": "BTC", "quote": "USDT", "settle": "USDT", "kind": "spot" } ],
          "listings": [
            { "venue": "SIM", "instrument": "BTC-USDT", "priceScale": 2, "quantityScale": 5, "tickSize": "0.01", "lotSize": "0.00001", "minQuantity": "0.00001", "minNotional": "1", "contractMultiplier": "1" }
          ]
        }
        """;

    private const string RiskJson = """
        {
          "valuation": { "asset": "USDT", "scale": 8 },
          "maxAccountId": 16,
          "maxStrategyId": 4,
          "deadManSwitchIntervalMillis": 0,
          "instruments": [
            { "instrument": "BTC-USDT", "venue": "SIM", "maxOrderSize": "5", "maxOrderNotional": "500000", "maxPositionSize": "20", "maxSymbolExposure": "2000000", "priceBandBps": 500 }
          ],
          "accountDefaults": { "maxGrossExposure": "5000000", "maxDailyLoss": "unlimited", "orderRatePerSecond": "unlimited" },
          "accounts": [],
          "strategyDefaults": { "orderRatePerSecond": "unlimited" }
        }
        """;

    private const int MaxWorking = 64;
    private const int MaxReports = 256;

    private readonly byte[] _input = new byte[512];
    private readonly ulong[] _workingIds = new ulong[MaxWorking];
    private readonly bool[] _workingBuy = new bool[MaxWorking];
    private readonly long[] _workingPrice = new long[MaxWorking];
    private readonly long[] _workingQuantity = new long[MaxWorking];
    private readonly Codecs.ExecType[] _reportTypes = new Codecs.ExecType[MaxReports];
    private readonly ulong[] _reportOrders = new ulong[MaxReports];
    private readonly JournalWriter? _writer;
    private readonly BusinessLogicProcessor _processor;
    private int _working;
    private int _reportHead;
    private int _reportTail;
    private long _sequence;
    private long _time = StartTime;
    private long _nextTimer = StartTime + TimerIntervalNanos;
    private long _execId;
    private long _mid = 6_000_000;
    private ulong _random;

    /// <param name="ledgerTransferCapacity">Transfers the ledger allocates up front (0: the engine's default).</param>
    public TradingSession(bool withMarketMaker, JournalWriter? writer, ulong seed, int ledgerTransferCapacity = 0)
    {
        _writer = writer;
        _random = seed | 1;
        CoreSettings settings = CreateSettings(withMarketMaker);
        if (ledgerTransferCapacity > 0)
        {
            settings = settings with { LedgerTransferCapacity = ledgerTransferCapacity };
        }

        _processor = new BusinessLogicProcessor(settings, this);
    }

    public BusinessLogicProcessor Processor => _processor;

    public long Sequence => _sequence;

    public long Fills { get; private set; }

    public long OrdersSeen { get; private set; }

    /// <summary>Stopwatch timestamp of the first order request the current input produced (0: none yet).</summary>
    public long FirstOrderTimestamp { get; private set; }

    /// <summary>One spot instrument on the simulated venue; with the sample market maker on it for account 1, or no strategy.</summary>
    public static CoreSettings CreateSettings(bool withMarketMaker)
    {
        InstrumentRegistry registry = InstrumentConfig.Parse(InstrumentsJson, "instruments.json");
        RiskSettings risk = RiskConfig.Parse(RiskJson, "risk.json", registry);
        registry.TryGetInstrument("BTC-USDT", out Instrument? btc);
        registry.TryGetVenue("SIM", out Venue? sim);
        var strategies = new List<StrategyDefinition>();
        if (withMarketMaker)
        {
            var parameters = new MarketMakingParameters(registry.ListingOf(sim!.Id, btc!.Id), new Quantity(1_000), HalfSpreadTicks: 50, SkewTicksPerQuote: 10, MaxPosition: new Quantity(5_000), RequoteTicks: 20);
            strategies.Add(new StrategyDefinition(new StrategyId(1), new AccountId(1), "market-maker", () => new MarketMakingStrategy(parameters)));
        }

        return new CoreSettings(registry, risk, CoreSettings.DefaultLedgerScale, [new VenueFees(sim!.Id, 1, 5)], strategies);
    }

    /// <summary>Funds account 1 (1,000,000 USDT and 10 BTC) so the market maker can quote.</summary>
    public void Fund()
    {
        Deposit("USDT", 1_000_000);
        Deposit("BTC", 10);
    }

    /// <summary>
    /// One step of the session: the fills the new book implies, then the book, then the venue's reports to what the
    /// book made the BLP send, and a timer tick when 100 ms of input time have passed. Returns the inputs applied.
    /// </summary>
    public int Step()
    {
        long before = _sequence;
        ulong draw = Next();
        _mid += (draw % 50) == 0 ? ((draw >> 8) % 2 == 0 ? -1 : 1) * (80 + (long)((draw >> 16) % 70)) : (long)((draw >> 32) % 11) - 5;
        long halfSpread = 1 + (long)((draw >> 40) % 5);
        FillCrossed(_mid - halfSpread, _mid + halfSpread);
        SendReports();
        Bbo(_mid - halfSpread, _mid + halfSpread);
        SendReports();
        if (_time >= _nextTimer)
        {
            Timer();
            _nextTimer += TimerIntervalNanos;
            SendReports();
        }

        return (int)(_sequence - before);
    }

    /// <summary>Encodes a book into the input buffer without applying it (tick-to-trade times its processing itself).</summary>
    public int EncodeBbo(long bid, long ask)
    {
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
        return Codecs.EngineSchema.HeaderLength + bbo.EncodedLength;
    }

    /// <summary>Applies what is in the input buffer as the next input (journaling it first when a writer is set).</summary>
    public void ApplyEncoded(int templateId, int length)
    {
        _time += BboIntervalNanos;
        _sequence++;
        ReadOnlySpan<byte> message = _input.AsSpan(0, length);
        _writer?.Append(_sequence, templateId, _time, _time, message);
        FirstOrderTimestamp = 0;
        _processor.Process(_sequence, _time, message);
    }

    /// <summary>Sends the venue's reports to everything the last inputs asked for (acks, cancel confirmations).</summary>
    public void SendReports()
    {
        while (_reportHead != _reportTail)
        {
            Codecs.ExecType type = _reportTypes[_reportHead & (MaxReports - 1)];
            ulong order = _reportOrders[_reportHead & (MaxReports - 1)];
            _reportHead++;
            int slot = FindWorking(order);
            if (slot < 0)
            {
                continue;
            }

            bool fill = type == Codecs.ExecType.Trade;
            var report = Codecs.ExecutionReportEncoder.WrapAndApplyHeader(_input, 0);
            report.OrderId = order + 1_000_000;
            report.ClientOrderId = order;
            report.OrigClientOrderId = order;
            report.ExecId = (ulong)++_execId;
            report.Price.SetMantissa(_workingPrice[slot]);
            report.LastPrice.SetMantissa(fill ? _workingPrice[slot] : Codecs.PriceOptionalEncoder.MantissaNullValue);
            report.LastQuantity.SetMantissa(fill ? _workingQuantity[slot] : 0);
            report.TransactTime = _time;
            report.ExecType = type;
            report.OrderStatus = fill ? Codecs.OrderStatus.Filled : type == Codecs.ExecType.Canceled ? Codecs.OrderStatus.Canceled : Codecs.OrderStatus.New;
            report.RejectReason = Codecs.ResultCode.NullValue;
            report.IsMaker = Codecs.BooleanType.True;
            report.SetText(string.Empty);
            if (type != Codecs.ExecType.New)
            {
                RemoveWorking(slot);
            }

            Fills += fill ? 1 : 0;
            ApplyEncoded(Codecs.ExecutionReportEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + report.EncodedLength);
        }
    }

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (templateId == Codecs.NewOrderDecoder.TemplateId)
        {
            if (FirstOrderTimestamp == 0)
            {
                FirstOrderTimestamp = Stopwatch.GetTimestamp();
            }

            OrdersSeen++;
            var order = Codecs.NewOrderDecoder.WrapWithHeader(message, 0);
            if (_working == MaxWorking)
            {
                throw new HarnessVerificationException($"more than {MaxWorking} working orders: the market maker keeps two");
            }

            _workingIds[_working] = order.ClientOrderId;
            _workingBuy[_working] = order.Side == Codecs.Side.Buy;
            _workingPrice[_working] = order.Price.Mantissa;
            _workingQuantity[_working] = order.Quantity.Mantissa;
            _working++;
            Enqueue(Codecs.ExecType.New, order.ClientOrderId);
        }
        else if (templateId == Codecs.CancelOrderDecoder.TemplateId)
        {
            Enqueue(Codecs.ExecType.Canceled, Codecs.CancelOrderDecoder.WrapWithHeader(message, 0).OrigClientOrderId);
        }
    }

    /// <summary>Moves the book mid by <paramref name="ticks"/> without applying anything (tick-to-trade's scripted moves).</summary>
    public (long Bid, long Ask) MoveMid(long ticks)
    {
        _mid += ticks;
        return (_mid - 2, _mid + 2);
    }

    private void Bbo(long bid, long ask) => ApplyEncoded(Codecs.BestBidOfferEncoder.TemplateId, EncodeBbo(bid, ask));

    private void Timer()
    {
        var tick = Codecs.TimerTickEncoder.WrapAndApplyHeader(_input, 0);
        tick.Time = _time + BboIntervalNanos;
        tick.TickSequence = (ulong)_sequence;
        ApplyEncoded(Codecs.TimerTickEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + tick.EncodedLength);
    }

    private void Deposit(string asset, long whole)
    {
        var request = Codecs.FundsTransferRequestEncoder.WrapAndApplyHeader(_input, 0);
        request.RequestId = (ulong)(_sequence + 1);
        request.AccountId = 1;
        request.Amount.SetMantissa(whole * 100_000_000);
        request.RequestTime = _time;
        request.AssetId = (uint)_processor.Assets[asset].Value;
        request.PrincipalId = 1;
        request.Direction = Codecs.FundsDirection.Deposit;
        ApplyEncoded(Codecs.FundsTransferRequestEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + request.EncodedLength);
    }

    /// <summary>The market moved through a working quote: the venue fills it in full, as maker, before the book shows the move.</summary>
    private void FillCrossed(long bid, long ask)
    {
        for (int i = 0; i < _working; i++)
        {
            if ((_workingBuy[i] && ask <= _workingPrice[i]) || (!_workingBuy[i] && bid >= _workingPrice[i]))
            {
                Enqueue(Codecs.ExecType.Trade, _workingIds[i]);
            }
        }
    }

    private void Enqueue(Codecs.ExecType type, ulong order)
    {
        if (_reportTail - _reportHead == MaxReports)
        {
            throw new HarnessVerificationException($"more than {MaxReports} venue reports pending");
        }

        _reportTypes[_reportTail & (MaxReports - 1)] = type;
        _reportOrders[_reportTail & (MaxReports - 1)] = order;
        _reportTail++;
    }

    private int FindWorking(ulong order)
    {
        for (int i = 0; i < _working; i++)
        {
            if (_workingIds[i] == order)
            {
                return i;
            }
        }

        return -1;
    }

    private void RemoveWorking(int slot)
    {
        // Keep the order of the rest (fills are found in it, and the session must be the same on every run).
        for (int i = slot + 1; i < _working; i++)
        {
            _workingIds[i - 1] = _workingIds[i];
            _workingBuy[i - 1] = _workingBuy[i];
            _workingPrice[i - 1] = _workingPrice[i];
            _workingQuantity[i - 1] = _workingQuantity[i];
        }

        _working--;
    }

    /// <summary>xorshift64*: a seeded, allocation-free draw, the same on every run and machine.</summary>
    private ulong Next()
    {
        _random ^= _random >> 12;
        _random ^= _random << 25;
        _random ^= _random >> 27;
        return _random * 2685821657736338717UL;
    }
}
