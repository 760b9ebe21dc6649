using System.Text.Json.Nodes;

namespace Engine.Gateways.VenueSimulators.Deribit;

/// <summary>
/// Deribit's JSON-RPC methods over the exchange, one call at a time, whether the request came over the WebSocket
/// (<paramref name="connection"/> set: authorization, subscriptions, heartbeats and cancel-on-disconnect are the
/// connection's) or over HTTP. Private methods need an authorized connection, an <c>access_token</c> parameter, or
/// HTTP authorization; each request spends a credit (matching-engine requests from their own bucket). Not
/// thread-safe: the simulator calls it under its lock.
/// </summary>
public sealed partial class DeribitRpc
{
    public const string Version = "1.2.26";

    private static readonly HashSet<string> s_matchingMethods = new(StringComparer.Ordinal)
    {
        "private/buy", "private/sell", "private/edit", "private/cancel", "private/cancel_all", "private/cancel_all_by_instrument",
        "private/cancel_all_by_currency", "private/cancel_by_label",
    };

    private static readonly HashSet<string> s_websocketOnly = new(StringComparer.Ordinal)
    {
        "public/set_heartbeat", "public/disable_heartbeat", "public/subscribe", "public/unsubscribe", "public/unsubscribe_all",
        "private/subscribe", "private/unsubscribe", "private/unsubscribe_all", "private/enable_cancel_on_disconnect",
        "private/disable_cancel_on_disconnect", "private/get_cancel_on_disconnect", "private/logout",
    };

    private readonly DeribitExchange _exchange;
    private readonly DeribitAuthority _authority;
    private readonly DeribitCreditBucket _matchingCredits;
    private readonly DeribitCreditBucket _otherCredits;

    public DeribitRpc(DeribitExchange exchange, DeribitAuthority authority, DeribitSimulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _exchange = exchange;
        _authority = authority;
        _matchingCredits = new DeribitCreditBucket(options.MatchingRequestsPerSecond, options.MatchingBurst);
        _otherCredits = new DeribitCreditBucket(options.OtherRequestsPerSecond, options.OtherBurst);
    }

    /// <summary>Cancel-on-disconnect enabled with scope <c>account</c>: every connection's orders go when it closes.</summary>
    public bool AccountCancelOnDisconnect { get; private set; }

    /// <summary>Requests refused with 10028 so far.</summary>
    public int RateLimited { get; private set; }

    /// <summary>buy, sell, edit and the cancels: the requests faults apply to and the matching-engine credits pay for.</summary>
    public static bool IsMatchingMethod(string method) => s_matchingMethods.Contains(method);

    /// <summary>One call: the result, or the error Deribit would answer.</summary>
    public (JsonNode? Result, DeribitError? Error) Handle(string method, DeribitParams parameters, DeribitConnection? connection, bool httpAuthorized, long nowMillis)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(parameters);
        if (!(IsMatchingMethod(method) ? _matchingCredits : _otherCredits).TryTake(nowMillis))
        {
            RateLimited++;
            return (null, DeribitError.TooManyRequests);
        }

        if (connection is null && s_websocketOnly.Contains(method))
        {
            return (null, DeribitError.MustBeWebsocketRequest);
        }

        if (IsMatchingMethod(method) && parameters.Has("valid_until"))
        {
            // Deribit: "server will start processing request in Matching Engine only before given timestamp, in
            // other cases timed_out error will be responded".
            DeribitError? bad = parameters.Integer("valid_until", fallback: 0, out long validUntil);
            if (bad is not null || validUntil < nowMillis)
            {
                return (null, bad ?? DeribitError.TimedOut);
            }
        }

        if (method.StartsWith("private/", StringComparison.Ordinal))
        {
            DeribitError? denied = Authorize(parameters, connection, httpAuthorized, nowMillis);
            if (denied is not null)
            {
                return (null, denied);
            }
        }

        return method switch
        {
            "public/get_time" => (nowMillis, null),
            "public/test" => (new JsonObject { ["version"] = Version }, null),
            "public/hello" => (new JsonObject { ["version"] = Version }, null),
            "public/auth" => Authenticate(parameters, connection, nowMillis),
            "public/set_heartbeat" => SetHeartbeat(parameters, connection!, nowMillis),
            "public/disable_heartbeat" => DisableHeartbeat(connection!),
            "public/get_instruments" => Instruments(parameters),
            "public/get_instrument" => Instrument(parameters),
            "public/subscribe" => Subscribe(parameters, connection!, allowPrivate: false, nowMillis),
            "private/subscribe" => Subscribe(parameters, connection!, allowPrivate: true, nowMillis),
            "public/unsubscribe" or "private/unsubscribe" => Unsubscribe(parameters, connection!),
            "public/unsubscribe_all" or "private/unsubscribe_all" => UnsubscribeAll(connection!),
            "private/logout" => Logout(connection!),
            "private/enable_cancel_on_disconnect" => SetCancelOnDisconnect(parameters, connection!, enabled: true),
            "private/disable_cancel_on_disconnect" => SetCancelOnDisconnect(parameters, connection!, enabled: false),
            "private/get_cancel_on_disconnect" => GetCancelOnDisconnect(parameters, connection!),
            "private/buy" => PlaceOrder(parameters, buy: true, connection, nowMillis),
            "private/sell" => PlaceOrder(parameters, buy: false, connection, nowMillis),
            "private/edit" => EditOrder(parameters, nowMillis),
            "private/cancel" => CancelOrder(parameters, nowMillis),
            "private/cancel_all" => CancelAll(parameters, nowMillis),
            "private/cancel_all_by_instrument" => CancelAllByInstrument(parameters, nowMillis),
            "private/cancel_all_by_currency" => CancelAllByCurrency(parameters, nowMillis),
            "private/cancel_by_label" => CancelByLabel(parameters, nowMillis),
            "private/get_open_orders" => OpenOrders(parameters),
            "private/get_open_orders_by_instrument" => OpenOrdersByInstrument(parameters),
            "private/get_open_orders_by_currency" => OpenOrdersByCurrency(parameters),
            "private/get_open_orders_by_label" => OpenOrdersByLabel(parameters),
            "private/get_order_state" => OrderState(parameters),
            "private/get_order_state_by_label" => OrderStateByLabel(parameters),
            "private/get_user_trades_by_instrument" => UserTradesByInstrument(parameters),
            "private/get_user_trades_by_currency" => UserTradesByCurrency(parameters),
            "private/get_user_trades_by_order" => UserTradesByOrder(parameters),
            "private/get_position" => Position(parameters),
            "private/get_positions" => Positions(parameters),
            "private/get_account_summary" => AccountSummary(parameters),
            _ => (null, DeribitError.MethodNotFound),
        };
    }

    private DeribitError? Authorize(DeribitParams parameters, DeribitConnection? connection, bool httpAuthorized, long nowMillis)
    {
        if (parameters.String("access_token") is string token)
        {
            return _authority.Validate(token, connection?.Id ?? 0, nowMillis);
        }

        if (connection is not null)
        {
            if (connection.IsAuthorized(nowMillis))
            {
                return null;
            }

            return connection.AuthorizedUntil == 0
                ? DeribitError.Unauthorized
                : new DeribitError(DeribitError.Unauthorized.Code, DeribitError.Unauthorized.Message, "token has expired");
        }

        return httpAuthorized ? null : DeribitError.Unauthorized;
    }

    private (JsonNode?, DeribitError?) Authenticate(DeribitParams parameters, DeribitConnection? connection, long nowMillis)
    {
        DeribitError? error = _authority.Authenticate(parameters, connection?.Id ?? 0, nowMillis, out JsonObject? result, out long expiresAt);
        if (error is null && connection is not null)
        {
            connection.AuthorizedUntil = expiresAt;
        }

        return (result, error);
    }

    private static (JsonNode?, DeribitError?) SetHeartbeat(DeribitParams parameters, DeribitConnection connection, long nowMillis)
    {
        DeribitError? error = parameters.Integer("interval", fallback: 0, out long interval);
        if (error is null && interval < 10)
        {
            error = DeribitError.InvalidParams("interval", "must be at least 10");
        }

        if (error is not null)
        {
            return (null, error);
        }

        connection.HeartbeatSeconds = (int)Math.Min(interval, 3600);
        connection.LastHeartbeatMillis = nowMillis;
        connection.TestRequestSentMillis = 0;
        return ("ok", null);
    }

    private static (JsonNode?, DeribitError?) DisableHeartbeat(DeribitConnection connection)
    {
        connection.HeartbeatSeconds = 0;
        connection.TestRequestSentMillis = 0;
        return ("ok", null);
    }

    private static (JsonNode?, DeribitError?) Logout(DeribitConnection connection)
    {
        connection.AuthorizedUntil = 0;
        connection.Subscriptions.RemoveWhere(c => c.StartsWith("user.", StringComparison.Ordinal));
        return ("ok", null);
    }

    private (JsonNode?, DeribitError?) SetCancelOnDisconnect(DeribitParams parameters, DeribitConnection connection, bool enabled)
    {
        DeribitError? error = parameters.Enumerated("scope", ["connection", "account"], "connection", out string scope);
        if (error is not null)
        {
            return (null, error);
        }

        if (scope == "account")
        {
            AccountCancelOnDisconnect = enabled;
        }
        else
        {
            connection.CancelOnDisconnect = enabled;
        }

        return ("ok", null);
    }

    private (JsonNode?, DeribitError?) GetCancelOnDisconnect(DeribitParams parameters, DeribitConnection connection)
    {
        DeribitError? error = parameters.Enumerated("scope", ["connection", "account"], "connection", out string scope);
        return error is not null
            ? (null, error)
            : (new JsonObject { ["scope"] = scope, ["enabled"] = scope == "account" ? AccountCancelOnDisconnect : connection.CancelOnDisconnect }, null);
    }

    private (JsonNode?, DeribitError?) Instruments(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("currency", out string currency);
        string kind = parameters.String("kind") ?? "future";
        if (error is not null)
        {
            return (null, error);
        }

        var list = new JsonArray();
        int id = 0;
        foreach (DeribitInstrument instrument in _exchange.Instruments)
        {
            id++;
            if ((currency == "any" || instrument.Currency == currency) && kind is "future" or "any")
            {
                list.Add(DeribitJson.Instrument(instrument, id, _exchange.MakerFee, _exchange.TakerFee));
            }
        }

        return (list, null);
    }

    private (JsonNode?, DeribitError?) Instrument(DeribitParams parameters)
    {
        DeribitError? error = parameters.RequiredString("instrument_name", out string name);
        if (error is not null)
        {
            return (null, error);
        }

        int id = 0;
        foreach (DeribitInstrument instrument in _exchange.Instruments)
        {
            id++;
            if (instrument.Name == name)
            {
                return (DeribitJson.Instrument(instrument, id, _exchange.MakerFee, _exchange.TakerFee), null);
            }
        }

        return (null, DeribitError.InvalidInstrument);
    }

    private (JsonNode?, DeribitError?) Subscribe(DeribitParams parameters, DeribitConnection connection, bool allowPrivate, long nowMillis)
    {
        DeribitError? error = parameters.Strings("channels", out List<string> channels);
        if (error is not null)
        {
            return (null, error);
        }

        // Channels the simulator does not serve (or private ones on public/subscribe) are left out of the answer, as
        // Deribit leaves out channels it did not subscribe.
        var subscribed = new JsonArray();
        foreach (string channel in channels)
        {
            if (allowPrivate && connection.IsAuthorized(nowMillis) && IsUserChannel(channel))
            {
                connection.Subscriptions.Add(channel);
                subscribed.Add(channel);
            }
        }

        return (subscribed, null);
    }

    private static (JsonNode?, DeribitError?) Unsubscribe(DeribitParams parameters, DeribitConnection connection)
    {
        DeribitError? error = parameters.Strings("channels", out List<string> channels);
        if (error is not null)
        {
            return (null, error);
        }

        var removed = new JsonArray();
        foreach (string channel in channels)
        {
            if (connection.Subscriptions.Remove(channel))
            {
                removed.Add(channel);
            }
        }

        return (removed, null);
    }

    private static (JsonNode?, DeribitError?) UnsubscribeAll(DeribitConnection connection)
    {
        connection.Subscriptions.Clear();
        return ("ok", null);
    }

    /// <summary><c>user.orders|user.trades</c> . instrument, or kind (future|any) . currency (or any), . raw|100ms.</summary>
    private bool IsUserChannel(string channel)
    {
        string[] parts = channel.Split('.');
        if (parts.Length < 4 || parts[0] != "user" || parts[1] is not ("orders" or "trades") || parts[^1] is not ("raw" or "100ms"))
        {
            return false;
        }

        return parts.Length switch
        {
            4 => _exchange.TryGetInstrument(parts[2], out _),
            5 => parts[2] is "future" or "any" && (parts[3] == "any" || _exchange.Currencies.Contains(parts[3])),
            _ => false,
        };
    }

    /// <summary>Whether a subscribed user channel carries events of <paramref name="instrument"/> (of kind <paramref name="kind"/>: orders or trades).</summary>
    public static bool ChannelCovers(string channel, string kind, DeribitInstrument instrument)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(instrument);
        string[] parts = channel.Split('.');
        if (parts.Length < 4 || parts[1] != kind)
        {
            return false;
        }

        return parts.Length == 4 ? parts[2] == instrument.Name : parts[3] == "any" || parts[3] == instrument.Currency;
    }
}
