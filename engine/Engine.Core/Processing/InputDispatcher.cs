using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// Hands each input to the part of the BLP that applies it, by template id: market data, funding, client orders,
/// venue execution reports, admin commands (answered with an AdminResult), status requests, gateway disconnects and
/// timer ticks. Messages this engine does not consume (markers) are counted as ignored. Owned by the BLP thread.
/// </summary>
internal sealed class InputDispatcher
{
    private const int Body = Sbe.MessageHeaderDecoder.EncodedLength;

    private readonly EngineCounters _counters;
    private readonly MarketDataHandler _market;
    private readonly FeedStatusHandler _feeds;
    private readonly FundingHandler _funding;
    private readonly OrderManager _orders;
    private readonly ExecutionReportHandler _executions;
    private readonly VenueAlertHandler _alerts;
    private readonly VenueOrdersAnswer _venueOrders;
    private readonly AdminCommands _admin;
    private readonly AdminAnswers _answers;
    private readonly StatusReport _status;
    private readonly TimerHandler _timer;

    public InputDispatcher(EngineCounters counters, MarketDataHandler market, FeedStatusHandler feeds, FundingHandler funding, OrderManager orders, ExecutionReportHandler executions, VenueAlertHandler alerts, VenueOrdersAnswer venueOrders, AdminCommands admin, AdminAnswers answers, StatusReport status, TimerHandler timer)
    {
        _counters = counters;
        _market = market;
        _feeds = feeds;
        _funding = funding;
        _orders = orders;
        _executions = executions;
        _alerts = alerts;
        _venueOrders = venueOrders;
        _admin = admin;
        _answers = answers;
        _status = status;
        _timer = timer;
    }

    public void Dispatch(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        bool admin = Sbe.MessageCatalog.IsAdmin(templateId);
        if (admin)
        {
            _answers.Begin();
        }

        Apply(templateId, blockLength, version, message);
        if (admin)
        {
            _answers.End(templateId, blockLength, version, message);
        }
    }

    private void Apply(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        switch (templateId)
        {
            case Sbe.BestBidOfferDecoder.TemplateId:
                _market.OnBestBidOffer(new Sbe.BestBidOfferDecoder(message, Body, blockLength, version));
                break;
            case Sbe.TradeDecoder.TemplateId:
                _market.OnTrade(new Sbe.TradeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L2SnapshotDecoder.TemplateId:
                _market.OnL2Snapshot(new Sbe.L2SnapshotDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L2UpdateDecoder.TemplateId:
                _market.OnL2Update(new Sbe.L2UpdateDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderAddedDecoder.TemplateId:
                _market.OnL3OrderAdded(new Sbe.L3OrderAddedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderModifiedDecoder.TemplateId:
                _market.OnL3OrderModified(new Sbe.L3OrderModifiedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderDeletedDecoder.TemplateId:
                _market.OnL3OrderDeleted(new Sbe.L3OrderDeletedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.L3OrderExecutedDecoder.TemplateId:
                _market.OnL3OrderExecuted(new Sbe.L3OrderExecutedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.SequenceGapDecoder.TemplateId:
                _feeds.OnSequenceGap(new Sbe.SequenceGapDecoder(message, Body, blockLength, version));
                break;
            case Sbe.ResyncDecoder.TemplateId:
                _feeds.OnResync(new Sbe.ResyncDecoder(message, Body, blockLength, version));
                break;
            case Sbe.VenueStatusDecoder.TemplateId:
                _feeds.OnVenueStatus(new Sbe.VenueStatusDecoder(message, Body, blockLength, version));
                break;
            case Sbe.BarDecoder.TemplateId:
                _market.OnBar(new Sbe.BarDecoder(message, Body, blockLength, version));
                break;
            case Sbe.FundingRateDecoder.TemplateId:
                _funding.OnFundingRate(new Sbe.FundingRateDecoder(message, Body, blockLength, version));
                break;
            case Sbe.ExecutionReportDecoder.TemplateId:
                _executions.OnExecutionReport(new Sbe.ExecutionReportDecoder(message, Body, blockLength, version));
                break;
            case Sbe.VenueAlertDecoder.TemplateId:
                _alerts.OnVenueAlert(new Sbe.VenueAlertDecoder(message, Body, blockLength, version), message);
                break;
            case Sbe.VenueOrdersRequestDecoder.TemplateId:
                _venueOrders.OnVenueOrdersRequest(new Sbe.VenueOrdersRequestDecoder(message, Body, blockLength, version));
                break;
            case Sbe.NewOrderDecoder.TemplateId:
                _orders.OnNewOrder(new Sbe.NewOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.CancelOrderDecoder.TemplateId:
                _orders.OnCancelOrder(new Sbe.CancelOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.AmendOrderDecoder.TemplateId:
                _orders.OnAmendOrder(new Sbe.AmendOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.CancelAllDecoder.TemplateId:
                _orders.OnCancelAll(new Sbe.CancelAllDecoder(message, Body, blockLength, version));
                break;
            case Sbe.KillSwitchDecoder.TemplateId:
                _admin.OnKillSwitch(new Sbe.KillSwitchDecoder(message, Body, blockLength, version));
                break;
            case Sbe.RiskLimitChangeDecoder.TemplateId:
                _admin.OnRiskLimitChange(new Sbe.RiskLimitChangeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.DeadManHeartbeatDecoder.TemplateId:
                _admin.OnDeadManHeartbeat(new Sbe.DeadManHeartbeatDecoder(message, Body, blockLength, version));
                break;
            case Sbe.InstrumentTradingActionDecoder.TemplateId:
                _admin.OnInstrumentTradingAction(new Sbe.InstrumentTradingActionDecoder(message, Body, blockLength, version));
                break;
            case Sbe.StrategyParameterChangeDecoder.TemplateId:
                _admin.OnStrategyParameterChange(new Sbe.StrategyParameterChangeDecoder(message, Body, blockLength, version));
                break;
            case Sbe.FundsTransferRequestDecoder.TemplateId:
                _admin.OnFundsTransfer(new Sbe.FundsTransferRequestDecoder(message, Body, blockLength, version));
                break;
            case Sbe.AdminCancelOrderDecoder.TemplateId:
                _admin.OnCancelOrder(new Sbe.AdminCancelOrderDecoder(message, Body, blockLength, version));
                break;
            case Sbe.AdminReconcileDecoder.TemplateId:
                _admin.OnReconcile(new Sbe.AdminReconcileDecoder(message, Body, blockLength, version), message);
                break;
            case Sbe.StatusRequestDecoder.TemplateId:
                _status.OnStatusRequest(new Sbe.StatusRequestDecoder(message, Body, blockLength, version));
                break;
            case Sbe.ClientDisconnectedDecoder.TemplateId:
                _executions.OnClientDisconnected(new Sbe.ClientDisconnectedDecoder(message, Body, blockLength, version));
                break;
            case Sbe.TimerTickDecoder.TemplateId:
                _timer.OnTimerTick(new Sbe.TimerTickDecoder(message, Body, blockLength, version));
                break;
            default:
                // Markers (snapshot requests, checkpoints) and messages this engine does not consume: journaled, no state.
                _counters.IgnoredInputs++;
                break;
        }
    }
}
