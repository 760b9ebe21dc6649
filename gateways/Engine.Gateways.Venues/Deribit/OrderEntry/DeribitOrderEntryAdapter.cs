using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>
/// Deribit order entry as a venue gateway's adapter: the engine's NewOrder, CancelOrder and AmendOrder for this venue,
/// read from egress, go to Deribit as <c>private/buy|sell</c>, <c>private/cancel</c> and <c>private/edit</c> on one
/// JSON-RPC WebSocket (<see cref="DeribitSession"/>); what Deribit says (answers, <c>user.orders</c> /
/// <c>user.trades</c> notifications, label queries and reconciliation) comes back as the engine's ExecutionReport
/// (204) on ingress, with findings as VenueAlert (206). Ids: Deribit's <c>label</c> is the configured prefix and the
/// engine's order id, so an order whose answer was lost is found again by its label and never sent under another;
/// <c>origClientOrderId</c> is the engine's order id, <c>clientOrderId</c> the request that caused the report,
/// <c>orderId</c> Deribit's (a decimal string, carried when it is a number).
/// Threads: the gateway's duty cycle calls the <see cref="IVenueAdapter"/> members; the session's tasks run beside it,
/// sharing the tracker (its lock) and the command queue.
/// </summary>
public sealed class DeribitOrderEntryAdapter : IVenueAdapter, IDisposable
{
    private readonly ushort _venueId;
    private readonly Dictionary<uint, (OrderEntryInstrument Instrument, string Currency)> _byInstrument = [];
    private readonly DeribitOrderTracker _tracker = new();
    private readonly DeribitSession _session;
    private readonly TextWriter _log;
    private readonly List<EngineExecutionReport> _drained = [];
    private readonly List<EngineVenueAlert> _drainedAlerts = [];
    private readonly byte[] _frame = new byte[Math.Max(EngineExecutionReport.MaxFrameLength, EngineVenueAlert.MaxFrameLength)];

    /// <param name="instruments">Each listing with its Deribit currency (BTC for BTC-PERPETUAL): label queries and positions are per currency.</param>
    public DeribitOrderEntryAdapter(DeribitOrderEntryOptions options, VenueCredentials credentials, string venueCode, ushort venueId, IReadOnlyList<(OrderEntryInstrument Instrument, string Currency)> instruments, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(instruments);
        ArgumentNullException.ThrowIfNull(log);
        options.Validate();
        if (instruments.Count == 0)
        {
            throw new ArgumentException("deribit order entry: no instruments to trade", nameof(instruments));
        }

        VenueCode = venueCode;
        _venueId = venueId;
        foreach ((OrderEntryInstrument instrument, string currency) in instruments)
        {
            _byInstrument.Add(instrument.InstrumentId, (instrument, currency));
        }

        _log = TextWriter.Synchronized(log);
        _session = new DeribitSession(options, credentials.ApiKey, credentials.Secret, _tracker, [.. instruments], _log);
    }

    public string Name => "deribit-orders";

    public string VenueCode { get; }

    /// <summary>Execution reports written to the engine.</summary>
    public long ReportsEmitted { get; private set; }

    public long FillsReported => _tracker.FillsReported;

    public long DuplicateFillsSuppressed => _tracker.DuplicateFills;

    public long MalformedMessages => _session.MalformedMessages;

    public long UnknownOrderReports => _session.UnknownOrderReports;

    public int UnknownOutcomes => _session.UnknownOutcomes;

    public int Reconciliations => _session.Reconciliations;

    public int OrphansCanceled => _session.OrphansCanceled;

    public int MissedFills => _session.MissedFills;

    public int PositionBreaks => _session.PositionBreaks;

    public int TokenRefreshes => _session.TokenRefreshes;

    /// <summary>Connections made and set up (authenticated, subscribed, reconciled) so far.</summary>
    public int Connections => _session.Generation;

    /// <summary>Connects (and keeps reconnecting) in the background.</summary>
    public void Start() => _session.Start();

    public void OnEngineRequest<TSink>(int templateId, ReadOnlySpan<byte> sbeMessage, long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        if (templateId is not (Sbe.NewOrderDecoder.TemplateId or Sbe.CancelOrderDecoder.TemplateId or Sbe.AmendOrderDecoder.TemplateId))
        {
            return;
        }

        var header = new Sbe.MessageHeaderDecoder(sbeMessage, 0, Sbe.EngineSchema.Version);
        if (sbeMessage.Length < Sbe.MessageHeaderDecoder.EncodedLength + header.BlockLength)
        {
            throw new InvalidDataException($"an order request on egress has {sbeMessage.Length} bytes for a block of {header.BlockLength}");
        }

        switch (templateId)
        {
            case Sbe.NewOrderDecoder.TemplateId:
                OnNewOrder(new Sbe.NewOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version));
                break;
            case Sbe.CancelOrderDecoder.TemplateId:
                var cancel = new Sbe.CancelOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
                if (cancel.VenueId == _venueId && _tracker.Find(cancel.OrigClientOrderId) is { IsOpen: true })
                {
                    _session.Enqueue(new DeribitCommand(DeribitCommandKind.Cancel, cancel.OrigClientOrderId, cancel.ClientOrderId));
                }

                break;
            default:
                var amend = new Sbe.AmendOrderDecoder(sbeMessage, Sbe.MessageHeaderDecoder.EncodedLength, header.BlockLength, header.Version);
                if (amend.VenueId == _venueId && _tracker.Find(amend.OrigClientOrderId) is { IsOpen: true } order)
                {
                    long price = amend.Price.Mantissa == VenueOrder.NullPrice ? order.Price : amend.Price.Mantissa;
                    if (order.OrderType != Sbe.OrderType.Limit)
                    {
                        _tracker.OnRequestRefused(order, amend.ClientOrderId, ResultCode.VenueRejected, Now(), "adapter: only limit orders are edited at Deribit by this adapter");
                    }
                    else if (_tracker.BeginAmend(order, amend.ClientOrderId, price, amend.Quantity.Mantissa))
                    {
                        _session.Enqueue(new DeribitCommand(DeribitCommandKind.Amend, order.EngineOrderId, amend.ClientOrderId));
                    }
                    else
                    {
                        _tracker.OnRequestRefused(order, amend.ClientOrderId, ResultCode.VenueRejected, Now(), "adapter: another amend of the order is in flight");
                    }
                }

                break;
        }
    }

    public int DoWork<TSink>(long nowNanos, ref TSink sink)
        where TSink : IFrameSink
    {
        int work = 0;
        if (_tracker.Drain(_drained) > 0)
        {
            foreach (EngineExecutionReport report in _drained)
            {
                sink.OnFrame(Sbe.ExecutionReportEncoder.TemplateId, _frame.AsSpan(0, report.Encode(_frame, _venueId)));
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

    public void Dispose() => _session.Dispose();

    private void OnNewOrder(Sbe.NewOrderDecoder request)
    {
        if (request.VenueId != _venueId || !_byInstrument.TryGetValue(request.InstrumentId, out (OrderEntryInstrument Instrument, string Currency) listing))
        {
            return;
        }

        var order = new DeribitTrackedOrder(request.ClientOrderId, listing.Instrument, listing.Currency)
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
            State = DeribitTrackedOrderState.PendingNew,
        };
        _tracker.Track(order);
        _session.Enqueue(new DeribitCommand(DeribitCommandKind.NewOrder, order.EngineOrderId, order.EngineOrderId));
    }

    private static long Now() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
