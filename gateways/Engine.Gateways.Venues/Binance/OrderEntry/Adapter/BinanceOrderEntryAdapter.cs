using System.Runtime.CompilerServices;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// Binance order entry (spot, or USD-M futures with <see cref="BinanceOrderEntryOptions.Market"/>) as a venue gateway's
/// adapter: the engine's NewOrder, CancelOrder and AmendOrder for this venue, read
/// from egress (and an operator's AdminReconcile naming it or every venue), go to Binance from the REST thread (<see cref="BinanceRestWorker"/>); what Binance says (its answers,
/// the user data stream's <c>executionReport</c>s or USD-M's <c>ORDER_TRADE_UPDATE</c>s, queries and reconciliation)
/// comes back as the engine's
/// ExecutionReport (204) on ingress, the same message the simulated venue's gateway sends, so the engine applies both
/// alike. Ids: <c>origClientOrderId</c> is the engine's id of the order (Binance's <c>newClientOrderId</c> after the
/// prefix), <c>clientOrderId</c> the request that caused the report, <c>orderId</c> Binance's id.
/// <para>
/// Refusals carry the engine's code for Binance's (<see cref="BinanceRejectCodes"/>) and Binance's own text (code and
/// msg) in the report's text, so the journal keeps the venue's words; the gateway's log has them too, with the
/// order's id. USD-M amends of LIMIT orders are modifies in place (Replaced once Binance has the new price and
/// quantity); spot amends are refused (rejected with <see cref="ResultCode.VenueRejected"/>; the engine keeps the
/// order): spot cancel-replace is written (<see cref="BinanceRequestWriter.WriteAmend"/>) but not driven yet.
/// </para>
/// Threads: the gateway's duty cycle calls the <see cref="IVenueAdapter"/> members; the REST thread and the stream's
/// thread run beside it, sharing only <see cref="BinanceOrderTracker"/> (a lock), the stream's message queue and the
/// REST thread's command queue.
/// </summary>
public sealed partial class BinanceOrderEntryAdapter : IVenueAdapter, IDisposable
{
    private const int LoggedAnomalies = 50;

    private readonly ushort _venueId;
    private readonly Dictionary<uint, OrderEntryInstrument> _byInstrument = [];
    private readonly OrderEntryInstrument[] _instruments;
    private readonly BinanceOrderTracker _tracker = new();
    private readonly BinanceUserStreamClient _stream;
    private readonly BinanceRestWorker _worker;
    private readonly HmacSha256Signer _signer;
    private readonly BinanceExecutionReportReader _reader;
    private readonly TextWriter _log;
    private readonly List<EngineExecutionReport> _drained = [];
    private readonly byte[] _frame = new byte[Math.Max(EngineExecutionReport.MaxFrameLength, EngineVenueAlert.MaxFrameLength)];
    private readonly List<EngineVenueAlert> _drainedAlerts = [];
    private readonly (byte[] Utf8, string Text)[] _assetNames;

    public BinanceOrderEntryAdapter(BinanceOrderEntryOptions options, VenueCredentials credentials, string venueCode, ushort venueId, IReadOnlyList<OrderEntryInstrument> instruments, IReadOnlyList<string> assets, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(assets);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (instruments.Count == 0)
        {
            throw new ArgumentException("binance order entry: no instruments to trade", nameof(instruments));
        }

        VenueCode = venueCode;
        _venueId = venueId;
        _instruments = [.. instruments];
        foreach (OrderEntryInstrument instrument in instruments)
        {
            _byInstrument.Add(instrument.InstrumentId, instrument);
        }

        _assetNames = [.. assets.Select(a => (System.Text.Encoding.ASCII.GetBytes(a), a))];
        _log = TextWriter.Synchronized(log);
        _signer = new HmacSha256Signer(credentials.Secret);
        var writer = new BinanceRequestWriter(options.Market, options.RestBase.Authority, credentials.ApiKey, _signer, options.ClientIdPrefix, options.RecvWindowMillis);
        _reader = new BinanceExecutionReportReader(options.ClientIdPrefix);
        _stream = new BinanceUserStreamClient(options.WebSocketBase, _log, options.ReconnectInitialDelay, options.ReconnectMaxDelay);
        _worker = new BinanceRestWorker(options, writer, _tracker, _stream, _instruments, _log);
    }

    public string Name => _worker.Market == BinanceMarket.Spot ? "binance-spot-orders" : "binance-usdm-orders";

    public string VenueCode { get; }

    /// <summary>Execution reports written to the engine.</summary>
    public long ReportsEmitted { get; private set; }

    /// <summary>User-data-stream messages that could not be read.</summary>
    public long MalformedMessages { get; private set; }

    /// <summary>Execution reports from Binance about orders the engine did not send through this adapter.</summary>
    public long UnknownOrderReports { get; private set; }

    public long FillsReported => _tracker.FillsReported;

    public long DuplicateFillsSuppressed => _tracker.DuplicateFills;

    public int UnknownOutcomes => _worker.UnknownOutcomes;

    public int Reconciliations => _worker.Reconciliations;

    public int OrphansCanceled => _worker.OrphansCanceled;

    public int MissedFills => _worker.MissedFills;

    public int BalanceBreaks => _worker.BalanceBreaks;

    /// <summary>USD-M: reconciliations whose positions were not the first ones plus the fills reported (each logged as an ALERT).</summary>
    public int PositionBreaks => _worker.PositionBreaks;

    /// <summary>USD-M: countdown cancel-all renewals Binance accepted.</summary>
    public long CountdownRenewals => _worker.CountdownRenewals;

    public int RestAnomalies => _worker.Anomalies;

    public long ServerTimeOffsetMillis => _worker.ServerTimeOffsetMillis;

    public int StreamConnections => _stream.Generation;

    /// <summary>Starts the REST thread (which starts the stream once it has a listen key).</summary>
    public void Start() => _worker.Start();

    /// <summary>Reconcile now (as after a reconnect); <c>engine admin reconcile</c> reaches it as an AdminReconcile on egress.</summary>
    public void RequestReconciliation() => _worker.RequestReconciliation();

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        if (templateId is not (Sbe.NewOrderDecoder.TemplateId or Sbe.CancelOrderDecoder.TemplateId or Sbe.AmendOrderDecoder.TemplateId
            or Sbe.AdminReconcileDecoder.TemplateId or Sbe.OpenVenueOrderDecoder.TemplateId))
        {
            return;
        }

        var header = new Sbe.MessageHeaderDecoder(sbeMessage, 0, Sbe.EngineSchema.Version);
        if (sbeMessage.Length < Sbe.MessageHeaderDecoder.EncodedLength + header.BlockLength)
        {
            throw new InvalidDataException($"an engine request on egress (template {templateId}) has {sbeMessage.Length} bytes for a block of {header.BlockLength}");
        }

        switch (templateId)
        {
            case Sbe.OpenVenueOrderDecoder.TemplateId:
                OnOpenVenueOrder(new Sbe.OpenVenueOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version));
                break;
            case Sbe.AdminReconcileDecoder.TemplateId:
                var reconcile = new Sbe.AdminReconcileDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
                if (reconcile.VenueId == 0 || reconcile.VenueId == _venueId)
                {
                    _log.WriteLine($"binance orders: reconciliation asked by principal {reconcile.PrincipalId} (engine admin reconcile)");
                    _worker.RequestReconciliation();
                }

                break;
            case Sbe.NewOrderDecoder.TemplateId:
                OnNewOrder(new Sbe.NewOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version));
                break;
            case Sbe.CancelOrderDecoder.TemplateId:
                var cancel = new Sbe.CancelOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
                if (cancel.VenueId == _venueId && _tracker.Find(cancel.OrigClientOrderId) is { IsOpen: true })
                {
                    _worker.Enqueue(new BinanceCommand(BinanceCommandKind.Cancel, cancel.OrigClientOrderId, cancel.ClientOrderId));
                }

                break;
            default:
                var amend = new Sbe.AmendOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
                if (amend.VenueId == _venueId && _tracker.Find(amend.OrigClientOrderId) is { IsOpen: true } order)
                {
                    long price = amend.Price.Mantissa == VenueOrder.NullPrice ? order.Price : amend.Price.Mantissa;
                    if (_worker.Market != BinanceMarket.UsdM || order.OrderType != Sbe.OrderType.Limit)
                    {
                        RefuseAmend(order, amend.ClientOrderId);
                    }
                    else if (_tracker.BeginAmend(order, amend.ClientOrderId, price, amend.Quantity.Mantissa))
                    {
                        _worker.Enqueue(new BinanceCommand(BinanceCommandKind.Amend, order.EngineOrderId, amend.ClientOrderId));
                    }
                    else
                    {
                        _tracker.OnRequestRefused(order, amend.ClientOrderId, ResultCode.VenueRejected, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                    }
                }

                break;
        }
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        int work = 0;
        if (!_ordersRequested)
        {
            AskEngineForOpenOrders(nowNanos, ref sink);
            work++;
        }

        while (work < 256 && _stream.TryTake(out byte[] buffer, out int length))
        {
            try
            {
                Apply(buffer.AsSpan(0, length));
            }
            finally
            {
                BinanceUserStreamClient.Return(buffer);
            }

            work++;
        }

        if (_tracker.Drain(_drained) > 0)
        {
            foreach (EngineExecutionReport report in _drained)
            {
                int written = report.Encode(_frame, _venueId);
                sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, written));
                ReportsEmitted++;
                work++;
            }
        }

        if (_tracker.DrainAlerts(_drainedAlerts) > 0)
        {
            foreach (EngineVenueAlert alert in _drainedAlerts)
            {
                sink.OnFrame(Sbe.VenueAlertEncoder.TemplateId, _frame.AsSpan(0, alert.Encode(_frame, _venueId)));
                work++;
            }
        }

        return work;
    }

    public void Dispose()
    {
        _worker.Dispose();
        _stream.Dispose();
        _signer.Dispose();
    }

    private void OnNewOrder(Sbe.NewOrderDecoder request)
    {
        if (request.VenueId != _venueId || !_byInstrument.TryGetValue(request.InstrumentId, out OrderEntryInstrument? instrument))
        {
            return;
        }

        var order = new BinanceTrackedOrder(request.ClientOrderId, instrument)
        {
            Account = request.AccountId,
            StrategyId = request.StrategyId,
            Side = request.Side,
            OrderType = request.OrderType,
            TimeInForce = request.TimeInForce,
            Flags = request.Flags,
            Price = request.Price.Mantissa,
            StopPrice = request.StopPrice.Mantissa,
            Quantity = request.Quantity.Mantissa,
            ExpireTimeNanos = request.ExpireTime,
            State = BinanceTrackedOrderState.PendingNew,
        };
        _tracker.Track(order);
        _worker.Enqueue(new BinanceCommand(BinanceCommandKind.NewOrder, order.EngineOrderId, order.EngineOrderId));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefuseAmend(BinanceTrackedOrder order, ulong requestId)
    {
        _log.WriteLine($"binance order entry: amend {requestId} of order {order.EngineOrderId} refused: spot amends (cancel-replace) and amends of stop orders are not driven by this adapter yet; the order stays as it is");
        _tracker.OnRequestRefused(order, requestId, ResultCode.VenueRejected, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "adapter: spot amends (cancel-replace) and amends of stop orders are not sent to Binance by this adapter");
    }

    /// <summary>One user-data-stream message: an executionReport of one of the engine's orders becomes the engine's report.</summary>
    private void Apply(ReadOnlySpan<byte> message)
    {
        OrderEntryInstrument instrument = _instruments[0];
        BinanceUserEventKind kind = _reader.Read(message, instrument.PriceScale, instrument.QuantityScale, out BinanceExecutionReport report);
        if (kind == BinanceUserEventKind.ExecutionReport && !report.Symbol.Span.SequenceEqual(instrument.Symbol))
        {
            // Another listing: read again at its scales.
            instrument = FindInstrument(report.Symbol.Span)!;
            kind = instrument is null ? kind : _reader.Read(message, instrument.PriceScale, instrument.QuantityScale, out report);
        }

        if (kind == BinanceUserEventKind.Malformed)
        {
            MalformedMessages++;
            Anomaly($"ANOMALY: a user-data-stream message cannot be read ({_reader.Error}); skipped");
            return;
        }

        if (kind != BinanceUserEventKind.ExecutionReport)
        {
            return;
        }

        // A cancel is reported under the cancel's client id (c), with the order's in C.
        ulong engineOrderId = report.IsEngineOrigOrder ? report.EngineOrigOrderId : report.EngineOrderId;
        ulong requestId = report.IsEngineOrder ? report.EngineOrderId : engineOrderId;
        BinanceTrackedOrder? order = instrument is not null && (report.IsEngineOrigOrder || report.IsEngineOrder) ? _tracker.Find(engineOrderId) : null;
        if (order is null)
        {
            UnknownOrderReports++;
            Anomaly($"ANOMALY: an executionReport for an order the engine did not send here (client id {report.ClientOrderId}, Binance id {report.VenueOrderId}, {report.Symbol}); not passed on (reconciliation cancels orders the engine does not know)");
            return;
        }

        _tracker.SetVenueOrderId(order, report.VenueOrderId);
        switch (report.ExecutionType)
        {
            case BinanceExecutionType.New:
                _tracker.OnAccepted(order, report.VenueOrderId, report.TransactionTimeMillis);
                break;
            case BinanceExecutionType.Trade:
                _tracker.OnFill(order, report.TradeId, report.LastPrice, report.LastQuantity, report.IsMaker, report.Commission / 100_000_000m, AssetName(report.CommissionAsset.Span), report.TransactionTimeMillis, report.CumulativeQuantity);
                break;
            case BinanceExecutionType.Canceled:
                _tracker.OnCanceled(order, requestId, expired: false, report.TransactionTimeMillis);
                break;
            case BinanceExecutionType.Expired or BinanceExecutionType.TradePrevention:
                _tracker.OnCanceled(order, requestId, expired: true, report.TransactionTimeMillis);
                break;
            case BinanceExecutionType.Amendment:
                // USD-M modified the order in place: the engine's amend in flight, if it asked for exactly this.
                _tracker.OnAmended(order, report.Price, report.Quantity, report.TransactionTimeMillis);
                break;
            case BinanceExecutionType.Rejected:
                _log.WriteLine($"binance order entry: order {order.EngineOrderId} rejected by Binance on the user data stream: \"{report.RejectReason}\"");
                _tracker.OnRejected(order, requestId, ResultCode.VenueRejected, report.TransactionTimeMillis, System.Text.Encoding.UTF8.GetString(report.RejectReason.Span));
                break;
        }
    }

    private OrderEntryInstrument? FindInstrument(ReadOnlySpan<byte> symbol)
    {
        foreach (OrderEntryInstrument instrument in _instruments)
        {
            if (symbol.SequenceEqual(instrument.Symbol))
            {
                return instrument;
            }
        }

        return null;
    }

    private string? AssetName(ReadOnlySpan<byte> asset)
    {
        foreach ((byte[] utf8, string text) in _assetNames)
        {
            if (asset.SequenceEqual(utf8))
            {
                return text;
            }
        }

        return asset.IsEmpty ? null : System.Text.Encoding.ASCII.GetString(asset);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Anomaly(string text)
    {
        long count = MalformedMessages + UnknownOrderReports;
        if (count <= LoggedAnomalies || count % 1000 == 0)
        {
            _log.WriteLine($"binance order entry: {text} ({count} so far)");
        }
    }
}
