using System.Diagnostics;
using System.Text;
using Engine.Core;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;
using Engine.Host;
using Engine.Journal.Writing;
using Engine.Model;
using Engine.Primitives;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>
/// The engine and its Binance order entry (spot or USD-M) on one test thread, against the Binance simulator on loopback (Kestrel,
/// real sockets, the real user data stream): every input (deposits, a client's orders and cancels, the adapter's
/// execution reports) is journaled to real files and applied to an in-process BLP; the BLP's order requests on its
/// output go to the adapter as a venue gateway's duty cycle hands them over; the adapter's frames come back as inputs.
/// The adapter's log is captured line by line.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
internal sealed partial class BinanceOrderEntryRig : IDisposable, IEngineOutput
{
    public const string ApiKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    public const string Secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    /// <summary>Spot's units of price and quantity (BTC-USDT at scales 2 and 5).</summary>
    public const long PriceUnits = 100;
    public const long QuantityUnits = 100_000;

    private readonly TemporaryDirectory _root = new("engine-binance-order-entry");
    private readonly JournalWriter _journal;
    private readonly byte[] _input = new byte[512];
    private readonly Queue<(int Template, byte[] Message)> _requests = new();
    private readonly List<ulong> _engineOrderIds = [];
    private readonly CapturedLog _log = new();
    private readonly ushort _venueId;
    private readonly uint _instrumentId;
    private OrderEntryFrameCollector _frames = new();
    private long _sequence;
    private long _time = 1_700_000_000_000_000_000;
    private ulong _clientIds;
    private bool _journalClosed;
    private readonly string _credentialsFile;

    private BinanceOrderEntryRig(BinanceRigVenue venue, BinanceOrderEntryOptions? options, string? credentialsFile)
    {
        Venue = venue;
        bool spot = venue.Market == Gateways.Venues.Binance.BinanceMarket.Spot;
        PriceUnit = (long)Math.Pow(10, venue.PriceScale);
        QuantityUnit = (long)Math.Pow(10, venue.QuantityScale);
        string configFolder = Path.Combine(_root.Path, "config");
        Directory.CreateDirectory(configFolder);
        File.WriteAllText(Path.Combine(configFolder, "instruments.json"), spot ? BinanceOrderEntryConfig.InstrumentsJson : BinanceOrderEntryConfig.UsdMInstrumentsJson);
        File.WriteAllText(Path.Combine(configFolder, "risk.json"), spot ? BinanceOrderEntryConfig.RiskJson : BinanceOrderEntryConfig.UsdMRiskJson);
        string engineFile = Path.Combine(configFolder, "engine.json");
        File.WriteAllText(engineFile, spot ? BinanceOrderEntryConfig.EngineJson : BinanceOrderEntryConfig.UsdMEngineJson);
        EngineConfig config = EngineConfig.Load(engineFile);
        Directory.CreateDirectory(config.JournalDirectory);
        JournalConfigCopy.SaveOrVerify(config);
        JournalDirectory = config.JournalDirectory;
        Processor = new BusinessLogicProcessor(config.CreateCoreSettings(), this);
        _journal = JournalWriter.Open(config.JournalDirectory, config.Journal);
        InstrumentRegistry registry = Processor.Settings.Registry;
        registry.TryGetVenue(venue.VenueCode, out Venue? engineVenue);
        registry.TryGetInstrument(venue.Instrument, out Instrument? instrument);
        _venueId = (ushort)engineVenue!.Id.Value;
        _instrumentId = (uint)instrument!.Id.Value;

        _credentialsFile = credentialsFile ?? Path.Combine(_root.Path, "binance-credentials.json");
        if (credentialsFile is null)
        {
            File.WriteAllText(_credentialsFile, $$"""{ "apiKey": "{{ApiKey}}", "secret": "{{Secret}}" }""");
            File.SetUnixFileMode(_credentialsFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        Options = options ?? Defaults(venue.BaseAddress) with { Market = venue.Market };
        Adapter = CreateAdapter();
    }

    public BinanceRigVenue Venue { get; }

    /// <summary>One unit of price (1.0) at the listing's scale.</summary>
    public long PriceUnit { get; }

    /// <summary>One unit of quantity (1.0) at the listing's scale.</summary>
    public long QuantityUnit { get; }

    public BusinessLogicProcessor Processor { get; }

    public BinanceOrderEntryAdapter Adapter { get; private set; }

    public BinanceOrderEntryOptions Options { get; }

    public string JournalDirectory { get; }

    public string Root => _root.Path;

    /// <summary>Every line the adapter logged.</summary>
    public string Log => _log.Text;

    /// <summary>The engine's id of each order submitted, in submission order (learned from the NewOrder on its output).</summary>
    public IReadOnlyList<ulong> EngineOrderIds => _engineOrderIds;

    public int ExecutionReportsJournaled { get; private set; }

    public List<Codecs.ResultCode> RejectReasons { get; } = [];

    /// <summary>The text of each journaled refusal, in order (the venue's words, or the adapter's).</summary>
    public List<string> RejectTexts { get; } = [];

    public static BinanceOrderEntryOptions Defaults(Uri rest) => new()
    {
        RestBase = rest,
        WebSocketBase = new Uri($"ws://{rest.Authority}"),
        ClientIdPrefix = "e",
        RecvWindowMillis = 1_000,
        RequestTimeout = TimeSpan.FromMilliseconds(700),
        UnknownQueryInterval = TimeSpan.FromMilliseconds(100),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(50),
        ReconnectMaxDelay = TimeSpan.FromMilliseconds(300),
    };

    public static async Task<BinanceSpotSimulator> StartSimulatorAsync(decimal usdt = 100_000m, decimal btc = 10m, decimal tick = 0.01m, decimal step = 0.00001m, int ordersPerTenSeconds = 1_000) =>
        await BinanceSpotSimulator.StartAsync(new BinanceSimulatorOptions
        {
            ApiKey = ApiKey,
            Secret = Encoding.ASCII.GetBytes(Secret),
            Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: tick, StepSize: step, MinQuantity: step, MinNotional: 5m)],
            Balances = new Dictionary<string, decimal> { ["USDT"] = usdt, ["BTC"] = btc },
            OrdersPerTenSeconds = ordersPerTenSeconds,
        });

    public static async Task<BinanceUsdMSimulator> StartUsdMSimulatorAsync(decimal usdt = 100_000m, int ordersPerTenSeconds = 1_000) =>
        await BinanceUsdMSimulator.StartAsync(new BinanceSimulatorOptions
        {
            ApiKey = ApiKey,
            Secret = Encoding.ASCII.GetBytes(Secret),
            Symbols = [new BinanceSymbol("BTCUSDT", "BTC", "USDT", TickSize: 0.1m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 100m)],
            Balances = new Dictionary<string, decimal> { ["USDT"] = usdt },
            OrdersPerTenSeconds = ordersPerTenSeconds,
        });

    /// <summary>Starts the adapter and waits until its user data stream is connected and reconciled once; deposits the engine's side.</summary>
    public static Task<BinanceOrderEntryRig> StartAsync(BinanceSpotSimulator simulator, BinanceOrderEntryOptions? options = null, string? credentialsFile = null) =>
        StartAsync(BinanceRigVenue.Spot(simulator), options, credentialsFile);

    /// <summary>As for spot, on USD-M (BINANCE_USDM BTC-USDT-PERP).</summary>
    public static Task<BinanceOrderEntryRig> StartAsync(BinanceUsdMSimulator simulator, BinanceOrderEntryOptions? options = null, string? credentialsFile = null) =>
        StartAsync(BinanceRigVenue.UsdM(simulator), options, credentialsFile);

    private static async Task<BinanceOrderEntryRig> StartAsync(BinanceRigVenue venue, BinanceOrderEntryOptions? options, string? credentialsFile)
    {
        var rig = new BinanceOrderEntryRig(venue, options, credentialsFile);
        rig.Deposit("USDT", 10_000_000);
        rig.Deposit("BTC", 100);
        rig.Bbo(59_900 * rig.PriceUnit, 60_100 * rig.PriceUnit);
        rig.Adapter.Start();
        await Task.Yield();
        rig.PumpUntil(() => rig.Adapter.Reconciliations >= 1, "the adapter's first connection and reconciliation");
        return rig;
    }

    /// <summary>A client's limit order; returns the engine's id of it once the engine sent it to the venue.</summary>
    public ulong Submit(Codecs.Side side, long price, long quantity, bool postOnly = false)
    {
        var order = Codecs.NewOrderEncoder.WrapAndApplyHeader(_input, 0);
        order.ClientOrderId = ++_clientIds;
        order.AccountId = 1;
        order.Price.SetMantissa(price);
        order.StopPrice.SetMantissa(Codecs.PriceOptionalEncoder.MantissaNullValue);
        order.Quantity.SetMantissa(quantity);
        order.ExpireTime = long.MinValue;
        order.SendingTime = _time;
        order.InstrumentId = _instrumentId;
        order.StrategyId = 0;
        order.Side = side;
        order.OrderType = Codecs.OrderType.Limit;
        order.TimeInForce = Codecs.TimeInForce.GoodTillCancel;
        order.Flags = postOnly ? Codecs.OrderFlags.PostOnly : 0;
        order.VenueId = _venueId;
        order.TriggerTime = long.MinValue;
        int before = _engineOrderIds.Count;
        Input(Codecs.NewOrderEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + order.EncodedLength);
        if (_engineOrderIds.Count == before)
        {
            throw new InvalidOperationException("the engine did not send the order (pre-trade risk refused it)");
        }

        return _engineOrderIds[^1];
    }

    public void Cancel(ulong engineOrderId)
    {
        var cancel = Codecs.CancelOrderEncoder.WrapAndApplyHeader(_input, 0);
        cancel.ClientOrderId = ++_clientIds;
        cancel.OrigClientOrderId = engineOrderId;
        cancel.OrderId = engineOrderId;
        cancel.AccountId = 1;
        cancel.SendingTime = _time;
        cancel.InstrumentId = _instrumentId;
        cancel.Side = Codecs.Side.Buy;
        cancel.VenueId = _venueId;
        cancel.TriggerTime = long.MinValue;
        Input(Codecs.CancelOrderEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + cancel.EncodedLength);
    }

    /// <summary>A client's amend of one of its orders to a new price and total quantity.</summary>
    public void Amend(ulong engineOrderId, Codecs.Side side, long price, long quantity)
    {
        var amend = Codecs.AmendOrderEncoder.WrapAndApplyHeader(_input, 0);
        amend.ClientOrderId = ++_clientIds;
        amend.OrigClientOrderId = engineOrderId;
        amend.OrderId = engineOrderId;
        amend.AccountId = 1;
        amend.Price.SetMantissa(price);
        amend.Quantity.SetMantissa(quantity);
        amend.SendingTime = _time;
        amend.InstrumentId = _instrumentId;
        amend.Side = side;
        amend.VenueId = _venueId;
        amend.TriggerTime = long.MinValue;
        Input(Codecs.AmendOrderEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + amend.EncodedLength);
    }

    /// <summary>The engine's price and quantity of one of its open orders.</summary>
    public (long Price, long Quantity) EnginePriceAndQuantity(ulong engineOrderId)
    {
        ref OrderRecord order = ref Processor.Orders.Find(new OrderId((long)engineOrderId));
        return (order.Price.Units, order.Quantity.Units);
    }

    /// <summary>Rests the other side on the venue (the simulator's control path), so the engine's orders trade.</summary>
    public void VenueLiquidity(bool buy, decimal price, decimal quantity) => Venue.AddLiquidity(buy, price, quantity);

    /// <summary>Runs the gateway's duty cycle and journals its frames until <paramref name="condition"/> holds (a generous deadline: never a timing assertion).</summary>
    public void PumpUntil(Func<bool> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            Pump();
            if (condition())
            {
                return;
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"waited 60 s for {what}; adapter log:\n{Log}");
            }

            Thread.Sleep(2);
        }
    }

    /// <summary>Pumps for a while and returns once nothing more came for a quiet spell.</summary>
    public void Settle(int quietMillis = 400)
    {
        var quiet = Stopwatch.StartNew();
        var deadline = Stopwatch.StartNew();
        while (quiet.ElapsedMilliseconds < quietMillis && deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (Pump() > 0)
            {
                quiet.Restart();
            }

            Thread.Sleep(2);
        }
    }

    /// <summary>One duty cycle: engine requests to the adapter, the adapter's work, its frames journaled and applied.</summary>
    public int Pump()
    {
        int work = 0;
        while (_requests.TryDequeue(out (int Template, byte[] Message) request))
        {
            Adapter.OnEngineRequest(request.Template, request.Message, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000, ref _frames);
            work++;
        }

        work += Adapter.DoWork(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000, ref _frames);
        foreach ((int template, byte[] frame) in _frames.Take())
        {
            if (template == Codecs.ExecutionReportEncoder.TemplateId)
            {
                ExecutionReportsJournaled++;
                var report = Codecs.ExecutionReportDecoder.WrapWithHeader(frame, 0);
                if (report.ExecType == Codecs.ExecType.Rejected)
                {
                    RejectReasons.Add(report.RejectReason);
                    RejectTexts.Add(report.TextAsString());
                }
            }

            frame.CopyTo(_input, 0);
            Input(template, frame.Length);
        }

        return work;
    }

    /// <summary>The engine's open orders at BINANCE: engine id -> (quantity, filled).</summary>
    public SortedDictionary<ulong, (long Quantity, long Filled)> EngineOpenOrders()
    {
        var open = new SortedDictionary<ulong, (long, long)>();
        foreach (OrderId id in OpenOrderIds())
        {
            ref OrderRecord order = ref Processor.Orders.Find(id);
            open[(ulong)id.Value] = (order.Quantity.Units, order.Filled.Units);
        }

        return open;
    }

    /// <summary>The engine's state of one of its orders; null once it is closed.</summary>
    public OrderState? EngineState(ulong engineOrderId)
    {
        ref OrderRecord order = ref Processor.Orders.Find(new OrderId((long)engineOrderId));
        return System.Runtime.CompilerServices.Unsafe.IsNullRef(ref order) ? null : order.State;
    }

    /// <summary>Stops journaling (the files stay until the rig is disposed), so a replay reads the whole session.</summary>
    public void CloseJournal()
    {
        if (!_journalClosed)
        {
            _journalClosed = true;
            _journal.Dispose();
        }
    }

    /// <summary>The venue's open orders: engine id (from the client id) -> (quantity, filled), in engine units.</summary>
    public SortedDictionary<ulong, (long Quantity, long Filled)> VenueOpenOrders()
    {
        var open = new SortedDictionary<ulong, (long, long)>();
        foreach ((ulong id, (decimal quantity, decimal filled)) in Venue.EngineOpenOrders())
        {
            open[id] = ((long)(quantity * QuantityUnit), (long)(filled * QuantityUnit));
        }

        return open;
    }

    /// <summary>Orders the venue holds (open or not) whose client id is the engine's id <paramref name="engineOrderId"/>.</summary>
    public int VenueOrdersWithClientId(ulong engineOrderId) => Venue.OrdersWithClientId("e" + engineOrderId);

    /// <summary>Base quantity filled on the venue for the engine's orders (buys positive).</summary>
    public long VenueNetFilled() => (long)(Venue.EngineNetFilled() * QuantityUnit);

    public long EngineNetPosition() => Processor.Risk.GetPosition(new AccountId(1), new InstrumentId((int)_instrumentId)).Quantity.Units;

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        if (templateId is Codecs.NewOrderDecoder.TemplateId or Codecs.CancelOrderDecoder.TemplateId or Codecs.AmendOrderDecoder.TemplateId
            or Codecs.AdminReconcileDecoder.TemplateId or Codecs.OpenVenueOrderDecoder.TemplateId)
        {
            if (templateId == Codecs.NewOrderDecoder.TemplateId)
            {
                _engineOrderIds.Add(Codecs.NewOrderDecoder.WrapWithHeader(message, 0).ClientOrderId);
            }

            _requests.Enqueue((templateId, message.ToArray()));
        }
    }

    public void Dispose()
    {
        Adapter.Dispose();
        CloseJournal();
        _root.Dispose();
    }

    private IEnumerable<OrderId> OpenOrderIds()
    {
        var ids = new List<OrderId>();
        for (int i = 0; i < Processor.Orders.SlotCount; i++)
        {
            ref OrderRecord order = ref Processor.Orders.SlotAt(i);
            if (!order.Id.IsNone)
            {
                ids.Add(order.Id);
            }
        }

        return ids;
    }

    private void Deposit(string asset, long whole)
    {
        var request = Codecs.FundsTransferRequestEncoder.WrapAndApplyHeader(_input, 0);
        request.RequestId = (ulong)(_sequence + 1);
        request.AccountId = 1;
        request.Amount.SetMantissa(whole * 100_000_000);
        request.RequestTime = _time;
        request.AssetId = (uint)Processor.Assets[asset].Value;
        request.PrincipalId = 1;
        request.Direction = Codecs.FundsDirection.Deposit;
        Input(Codecs.FundsTransferRequestEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + request.EncodedLength);
    }

    private void Bbo(long bid, long ask)
    {
        var bbo = Codecs.BestBidOfferEncoder.WrapAndApplyHeader(_input, 0);
        bbo.ExchangeTime = _time;
        bbo.GatewayReceiveTime = _time;
        bbo.VenueSequence = 1;
        bbo.BidPrice.SetMantissa(bid);
        bbo.BidQuantity.SetMantissa(QuantityUnit);
        bbo.AskPrice.SetMantissa(ask);
        bbo.AskQuantity.SetMantissa(QuantityUnit);
        bbo.InstrumentId = _instrumentId;
        bbo.VenueId = _venueId;
        Input(Codecs.BestBidOfferEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + bbo.EncodedLength);
    }

    private void Input(int templateId, int length)
    {
        _time += 1_000_000;
        _sequence++;
        _journal.Append(_sequence, templateId, _time, _time, _input.AsSpan(0, length));
        _journal.Commit();
        Processor.Process(_sequence, _time, _input.AsSpan(0, length));
    }
}
