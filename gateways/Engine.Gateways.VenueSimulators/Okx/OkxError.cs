namespace Engine.Gateways.VenueSimulators.Okx;

/// <summary>
/// One of OKX's documented error codes with its message and HTTP status (the "Error Code" tables of the v5 docs). A
/// request-level error is the envelope's <c>code</c>/<c>msg</c> with an empty <c>data</c>; an order-level one is an
/// entry's <c>sCode</c>/<c>sMsg</c> under envelope code <c>1</c> ("Operation failed.").
/// </summary>
public sealed record OkxError(int HttpStatus, string Code, string Message)
{
    public static OkxError KeyEmpty { get; } = new(401, "50103", "Request header \"OK-ACCESS-KEY\" cannot be empty.");

    public static OkxError PassphraseEmpty { get; } = new(401, "50104", "Request header \"OK-ACCESS-PASSPHRASE\" cannot be empty.");

    public static OkxError PassphraseIncorrect { get; } = new(401, "50105", "Request header \"OK-ACCESS-PASSPHRASE\" incorrect.");

    public static OkxError SignEmpty { get; } = new(401, "50106", "Request header \"OK-ACCESS-SIGN\" cannot be empty.");

    public static OkxError TimestampEmpty { get; } = new(401, "50107", "Request header \"OK-ACCESS-TIMESTAMP\" cannot be empty.");

    public static OkxError TimestampExpired { get; } = new(401, "50102", "Timestamp request expired.");

    public static OkxError InvalidKey { get; } = new(401, "50111", "Invalid OK-ACCESS-KEY.");

    public static OkxError InvalidTimestamp { get; } = new(401, "50112", "Invalid OK-ACCESS-TIMESTAMP.");

    public static OkxError InvalidSignature { get; } = new(401, "50113", "Invalid signature.");

    public static OkxError TooManyRequests { get; } = new(429, "50011", "Too Many Requests");

    public static OkxError SystemError { get; } = new(500, "50026", "System error. Try again later");

    public static OkxError BodyEmpty { get; } = new(400, "50000", "Body for POST request cannot be empty.");

    public static OkxError JsonSyntax { get; } = new(400, "50002", "JSON syntax error");

    public static OkxError InstrumentMissing { get; } = new(200, "51001", "Instrument ID, Instrument ID code or Spread ID doesn't exist.");

    public static OkxError EitherOrderId { get; } = new(200, "51003", "Either client order ID or order ID is required.");

    public static OkxError LotSize { get; } = new(200, "51121", "Order quantity must be a multiple of the lot size.");

    public static OkxError BelowMinimum { get; } = new(200, "51020", "Your order should meet or exceed the minimum order amount.");

    public static OkxError Precision { get; } = new(200, "51150", "The precision of the number of trades or the price exceeds the limit.");

    public static OkxError DuplicateClientOrderId { get; } = new(200, "51016", "Client order ID already exists.");

    public static OkxError CancelFailed { get; } = new(200, "51400", "Order cancellation failed as the order has been filled, canceled or does not exist.");

    public static OkxError AmendNothing { get; } = new(200, "51500", "You must enter a price, quantity, or TP/SL");

    public static OkxError AmendDone { get; } = new(200, "51503", "Your order has already been filled or canceled.");

    public static OkxError AmendPostOnly { get; } = new(200, "51511", "Modification failed as the order price did not meet the requirement for Post Only.");

    public static OkxError AmendInsufficient { get; } = new(200, "51502", "Unable to edit order: insufficient balance or margin.");

    public static OkxError OrderDoesNotExist { get; } = new(200, "51603", "Order does not exist.");

    public static OkxError SpotReduceOnly { get; } = new(200, "51139", "Reduce-only feature is unavailable for the spot transactions by spot mode.");

    public static OkxError NoPositionToReduce { get; } = new(200, "51169", "Order failed because you don't have any positions in this direction for this contract to reduce or close.");

    public static OkxError ReduceOnlySameDirection { get; } = new(200, "51170", "Failed to place order. A reduce-only order can’t be the same trading direction as your existing positions.");

    public static OkxError ReduceOnlyTooLarge { get; } = new(200, "51112", "Close order size exceeds available size for this position.");

    public static OkxError LimitPriceEmpty { get; } = new(200, "51204", "The price for the limit order cannot be empty.");

    public static OkxError CancelAllAfterRange { get; } = new(400, "51000", "Parameter timeOut error");

    /// <summary>50014: a mandatory parameter is missing (a request-level error).</summary>
    public static OkxError Empty(string parameter) => new(400, "50014", $"Parameter {parameter} can not be empty.");

    /// <summary>51000: a parameter's value is not acceptable.</summary>
    public static OkxError Parameter(string parameter) => new(400, "51000", $"Parameter {parameter} error");

    /// <summary>51008: not enough of a currency (spot) or of margin (swap) for the order.</summary>
    public static OkxError Insufficient(string currency, bool margin) =>
        new(200, "51008", margin ? $"Order failed. Insufficient {currency} margin in account" : $"Order failed. Insufficient {currency} balance in account");

    /// <summary>51006 (swap) or 51137/51138 (spot): the price is outside the instrument's price limits.</summary>
    public static OkxError PriceLimit(OkxInstrument instrument, bool buy, decimal maxBuy, decimal minSell) => instrument.IsSwap
        ? new(200, "51006", $"Order price is not within the price limit (max buy price: {OkxJson.Decimal(maxBuy)} , min sell price: {OkxJson.Decimal(minSell)} )")
        : buy
            ? new(200, "51137", $"The highest price limit for buy orders is {OkxJson.Decimal(maxBuy)}.")
            : new(200, "51138", $"The lowest price limit for sell orders is {OkxJson.Decimal(minSell)}.");
}
