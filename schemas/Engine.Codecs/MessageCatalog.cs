namespace Engine.Codecs;

/// <summary>
/// The one catalog of the engine's messages: what each template is to the engine. Every place that asks "is this an
/// input", "may a gateway send it", "does it carry an exchange time", "is it an order request", "is it answered with an
/// AdminResult" asks here, never a template-id range. A test checks it against the schema: every message of
/// engine-schema.xml is catalogued, nothing else is, and the kinds agree with the messages' fields (market data starts
/// with exchangeTime, admin messages name their principal). Constant time and allocation-free; thread-safe.
/// </summary>
public static class MessageCatalog
{
    private const MessageKind GatewayInput = MessageKind.Input | MessageKind.FromGateway;

    /// <summary>
    /// The longest input the engine accepts, SBE header included: its inbound ring's slots hold inputs inline, and
    /// the receiver refuses a longer frame. Gateways split what they send to fit (a deep book is an L2Snapshot of the
    /// best levels followed by L2Updates adding the rest), and so do imports of recorded data.
    /// </summary>
    public const int MaxInputLength = 480;

    /// <summary>Every template of the schema, in id order.</summary>
    public static IReadOnlyList<int> TemplateIds { get; } =
    [
        InstrumentDefinitionDecoder.TemplateId, L2SnapshotDecoder.TemplateId, L2UpdateDecoder.TemplateId, L3OrderAddedDecoder.TemplateId,
        L3OrderModifiedDecoder.TemplateId, L3OrderDeletedDecoder.TemplateId, L3OrderExecutedDecoder.TemplateId, TradeDecoder.TemplateId,
        BestBidOfferDecoder.TemplateId, VenueStatusDecoder.TemplateId, SequenceGapDecoder.TemplateId, ResyncDecoder.TemplateId,
        FundingRateDecoder.TemplateId, BarDecoder.TemplateId, NewOrderDecoder.TemplateId, CancelOrderDecoder.TemplateId, AmendOrderDecoder.TemplateId,
        CancelAllDecoder.TemplateId, ExecutionReportDecoder.TemplateId, RejectDecoder.TemplateId, VenueAlertDecoder.TemplateId,
        VenueOrdersRequestDecoder.TemplateId, OpenVenueOrderDecoder.TemplateId, KillSwitchDecoder.TemplateId,
        RiskLimitChangeDecoder.TemplateId, DeadManHeartbeatDecoder.TemplateId, InstrumentTradingActionDecoder.TemplateId,
        StrategyParameterChangeDecoder.TemplateId, FundsTransferRequestDecoder.TemplateId, AdminCancelOrderDecoder.TemplateId, AdminReconcileDecoder.TemplateId,
        TransferPostedDecoder.TemplateId,
        TimerTickDecoder.TemplateId, SnapshotRequestDecoder.TemplateId, StateHashCheckpointDecoder.TemplateId,
        ClientDisconnectedDecoder.TemplateId, StatusRequestDecoder.TemplateId, EngineStatusDecoder.TemplateId, AdminResultDecoder.TemplateId,
        MarketTopsDecoder.TemplateId,
    ];

    /// <summary>What the template is; <see cref="MessageKind.None"/> for a template the schema does not have.</summary>
    public static MessageKind KindOf(int templateId) => templateId switch
    {
        // Market data: from venue gateways, about one listing, exchange time first.
        InstrumentDefinitionDecoder.TemplateId or L2SnapshotDecoder.TemplateId or L2UpdateDecoder.TemplateId
            or L3OrderAddedDecoder.TemplateId or L3OrderModifiedDecoder.TemplateId or L3OrderDeletedDecoder.TemplateId
            or L3OrderExecutedDecoder.TemplateId or TradeDecoder.TemplateId or BestBidOfferDecoder.TemplateId
            or FundingRateDecoder.TemplateId or BarDecoder.TemplateId => GatewayInput | MessageKind.MarketData,

        // The feed's own state, with the same header fields as market data.
        VenueStatusDecoder.TemplateId or SequenceGapDecoder.TemplateId or ResyncDecoder.TemplateId =>
            GatewayInput | MessageKind.MarketData | MessageKind.FeedState,

        // Order requests: a client's input, the engine's output to the venue they name.
        NewOrderDecoder.TemplateId or CancelOrderDecoder.TemplateId or AmendOrderDecoder.TemplateId =>
            GatewayInput | MessageKind.Output | MessageKind.OrderRequest,
        CancelAllDecoder.TemplateId => GatewayInput | MessageKind.Output | MessageKind.OrderRequest | MessageKind.Admin,

        // A venue's report (input); internal crossing publishes its own (output).
        ExecutionReportDecoder.TemplateId => GatewayInput | MessageKind.Output | MessageKind.VenueReport,
        RejectDecoder.TemplateId => MessageKind.Output | MessageKind.Answer,

        // A venue gateway's reconciliation finding: journaled and applied, and published for consoles.
        VenueAlertDecoder.TemplateId => GatewayInput | MessageKind.Output,

        // A restarted venue gateway asks for its venue's open orders; the engine answers one message per order.
        VenueOrdersRequestDecoder.TemplateId => GatewayInput,
        OpenVenueOrderDecoder.TemplateId => MessageKind.Output | MessageKind.Answer,

        // Operators' commands, each answered with an AdminResult.
        KillSwitchDecoder.TemplateId or RiskLimitChangeDecoder.TemplateId or DeadManHeartbeatDecoder.TemplateId
            or InstrumentTradingActionDecoder.TemplateId or StrategyParameterChangeDecoder.TemplateId
            or FundsTransferRequestDecoder.TemplateId or AdminCancelOrderDecoder.TemplateId => GatewayInput | MessageKind.Admin,
        SnapshotRequestDecoder.TemplateId => GatewayInput | MessageKind.Admin | MessageKind.Control,

        // An operator's command the engine answers and passes on to the venue gateways.
        AdminReconcileDecoder.TemplateId => GatewayInput | MessageKind.Admin | MessageKind.Output,
        StatusRequestDecoder.TemplateId => GatewayInput | MessageKind.Control,

        // Made by the engine's receiver: never accepted from a gateway.
        TimerTickDecoder.TemplateId or ClientDisconnectedDecoder.TemplateId or StateHashCheckpointDecoder.TemplateId =>
            MessageKind.Input | MessageKind.EngineMade | MessageKind.Control,

        // Outputs.
        TransferPostedDecoder.TemplateId or EngineStatusDecoder.TemplateId or AdminResultDecoder.TemplateId or MarketTopsDecoder.TemplateId => MessageKind.Output | MessageKind.Answer,
        _ => MessageKind.None,
    };

    public static bool Is(int templateId, MessageKind kind) => (KindOf(templateId) & kind) == kind;

    /// <summary>An input a gateway may write on ingress (the receiver refuses every other template).</summary>
    public static bool IsGatewayInput(int templateId) => Is(templateId, MessageKind.Input | MessageKind.FromGateway);

    /// <summary>Market data (and feed state): its first field is the exchange time.</summary>
    public static bool IsMarketData(int templateId) => Is(templateId, MessageKind.MarketData);

    /// <summary>An order request the engine sends to a venue (and the venue's gateway acts on).</summary>
    public static bool IsOrderRequest(int templateId) => Is(templateId, MessageKind.OrderRequest);

    /// <summary>An operator's command: the engine answers it with an AdminResult.</summary>
    public static bool IsAdmin(int templateId) => Is(templateId, MessageKind.Admin);
}
