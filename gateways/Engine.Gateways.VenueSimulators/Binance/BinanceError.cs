namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// An error answer as Binance writes it: HTTP status and <c>{"code":-1022,"msg":"..."}</c>, with the codes and
/// messages of Binance's "Error Codes" documentation (spot). 4XX is the client's fault; 429 a rate limit; 418 a ban.
/// </summary>
public sealed record BinanceError(int HttpStatus, int Code, string Message)
{
    public static BinanceError TooManyRequests(int limit) =>
        new(429, -1003, $"Too much request weight used; current limit is {limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.");

    public static BinanceError Banned(long untilMillis) =>
        new(418, -1003, $"Way too much request weight used; IP banned until {untilMillis}. Please use WebSocket Streams for live updates to avoid bans.");

    public static BinanceError TooManyOrders(int limit) => new(429, -1015, $"Too many new orders; current limit is {limit} orders per 10 SECOND.");

    public static BinanceError TimestampOutsideWindow { get; } = new(400, -1021, "Timestamp for this request is outside of the recvWindow.");

    public static BinanceError TimestampAhead { get; } = new(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");

    public static BinanceError InvalidSignature { get; } = new(400, -1022, "Signature for this request is not valid.");

    public static BinanceError Mandatory(string parameter) =>
        new(400, -1102, $"Mandatory parameter '{parameter}' was not sent, was empty/null, or malformed.");

    public static BinanceError IllegalCharacters(string parameter) => new(400, -1100, $"Illegal characters found in parameter '{parameter}'.");

    public static BinanceError TooMuchPrecision(string parameter) => new(400, -1111, $"Parameter '{parameter}' has too much precision.");

    public static BinanceError InvalidTimeInForce { get; } = new(400, -1115, "Invalid timeInForce.");

    public static BinanceError InvalidOrderType { get; } = new(400, -1116, "Invalid orderType.");

    public static BinanceError InvalidSide { get; } = new(400, -1117, "Invalid side.");

    public static BinanceError InvalidSymbol { get; } = new(400, -1121, "Invalid symbol.");

    public static BinanceError InvalidListenKey { get; } = new(400, -1125, "This listenKey does not exist.");

    public static BinanceError ParameterNotRequired(string parameter) => new(400, -1106, $"Parameter '{parameter}' sent when not required.");

    public static BinanceError Filter(string filter) => new(400, -1013, $"Filter failure: {filter}");

    public static BinanceError InsufficientBalance { get; } = new(400, -2010, "Account has insufficient balance for requested action.");

    public static BinanceError DuplicateOrder { get; } = new(400, -2010, "Duplicate order sent.");

    public static BinanceError WouldTake { get; } = new(400, -2010, "Order would immediately match and take.");

    public static BinanceError UnknownOrder { get; } = new(400, -2011, "Unknown order sent.");

    public static BinanceError NoSuchOrder { get; } = new(400, -2013, "Order does not exist.");

    public static BinanceError BadApiKeyFormat { get; } = new(401, -2014, "API-key format invalid.");

    public static BinanceError RejectedApiKey { get; } = new(401, -2015, "Invalid API-key, IP, or permissions for action.");
}
