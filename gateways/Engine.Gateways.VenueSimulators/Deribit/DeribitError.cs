namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// A JSON-RPC error as Deribit answers it: <c>{"code":..,"message":..,"data":{"reason":..,"param":..}}</c>. The codes
/// and messages are those of Deribit's RPC error table (API v2); <c>data</c> is present when there is a reason.
/// </summary>
public sealed record DeribitError(int Code, string Message, string? Reason = null, string? Param = null)
{
    public static DeribitError ParseError { get; } = new(-32700, "Parse error");

    public static DeribitError MethodNotFound { get; } = new(-32601, "Method not found");

    public static DeribitError AuthorizationRequired { get; } = new(10000, "authorization_required");

    public static DeribitError QuantityTooLow { get; } = new(10002, "qty_too_low");

    public static DeribitError OrderNotFound { get; } = new(10004, "order_not_found");

    public static DeribitError NotEnoughFunds { get; } = new(10009, "not_enough_funds");

    public static DeribitError InvalidInstrument { get; } = new(10020, "invalid_or_unsupported_instrument");

    public static DeribitError TooManyRequests { get; } = new(10028, "too_many_requests");

    public static DeribitError MustBeWebsocketRequest { get; } = new(10030, "must_be_websocket_request");

    public static DeribitError NotImplemented { get; } = new(10033, "not_implemented");

    public static DeribitError TriggerPriceTooHigh { get; } = new(10034, "trigger_price_too_high");

    public static DeribitError TriggerPriceTooLow { get; } = new(10035, "trigger_price_too_low");

    public static DeribitError PriceWrongTick { get; } = new(10043, "price_wrong_tick");

    public static DeribitError TriggerPriceWrongTick { get; } = new(10044, "trigger_price_wrong_tick");

    public static DeribitError NotOpenOrder { get; } = new(11044, "not_open_order");

    public static DeribitError PostOnlyReject { get; } = new(11054, "post_only_reject");

    /// <summary>The simulator's answer when the request was applied but its answer is withheld by a fault: the outcome is unknown to the client.</summary>
    public static DeribitError InternalServerError { get; } = new(11094, "internal_server_error");

    public static DeribitError InvalidCredentials { get; } = new(13004, "invalid_credentials");

    public static DeribitError Unauthorized { get; } = new(13009, "unauthorized");

    public static DeribitError TemporarilyUnavailable { get; } = new(13028, "temporarily_unavailable");

    /// <summary>A matching-engine request that arrived after its <c>valid_until</c>: not processed.</summary>
    public static DeribitError TimedOut { get; } = new(13888, "timed_out");

    /// <summary>-32602 with the parameter and what is wrong with it, as Deribit reports a bad parameter.</summary>
    public static DeribitError InvalidParams(string param, string reason) => new(-32602, "Invalid params", reason, param);

    /// <summary>11029: an input the method cannot accept in this combination.</summary>
    public static DeribitError InvalidArguments(string reason) => new(11029, "invalid_arguments", reason);

    /// <summary>
    /// 11030 other_reject: Deribit's table has no code of its own for a reduce-only order that cannot reduce the
    /// position, so the simulator rejects it with the table's catch-all reject and the reason in <c>data</c>.
    /// </summary>
    public static DeribitError OtherReject(string reason) => new(11030, "other_reject", reason);
}
