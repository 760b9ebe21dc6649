using System.Text;
using System.Text.RegularExpressions;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Okx.OrderEntry;

/// <summary>
/// Writes OKX's signed v5 order requests (place, cancel, amend) as the bytes of an HTTP/1.1 request, ready for the
/// connection to write, as "REST Authentication" of OKX's documentation describes: a JSON body, and the headers
/// <c>OK-ACCESS-KEY</c>, <c>OK-ACCESS-PASSPHRASE</c>, <c>OK-ACCESS-TIMESTAMP</c> (ISO 8601 UTC with milliseconds) and
/// <c>OK-ACCESS-SIGN</c>, the Base64 HMAC-SHA256 of timestamp + method + request path + body.
/// <para>
/// <c>clOrdId</c> is the configured prefix and the engine's id of the order (OKX: case-sensitive alphanumerics, at
/// most 32 characters), so a retry after an unknown outcome is the same order to OKX (it refuses a client id already
/// used by an open order, 51016) and every push names the engine's order; an amend's <c>reqId</c> is the prefix and
/// the engine's id of the amend request. Spot trades in <c>cash</c>, swaps <c>cross</c> in net mode; a spot market
/// order is sized in base currency (<c>tgtCcy</c> <c>base_ccy</c>), since the engine's quantity is.
/// </para>
/// Allocation-free after construction; one thread. <see cref="Request"/> is valid until the next write.
/// </summary>
public sealed partial class OkxRequestWriter
{
    private const int BodyCapacity = 1024;
    private const int RequestCapacity = 2048;
    private const int TimestampLength = 24;

    private readonly byte[] _host;
    private readonly byte[] _apiKey;
    private readonly byte[] _passphrase;
    private readonly byte[] _clientIdPrefix;
    private readonly HmacSha256Signer _signer;
    private readonly RequestText _body = new(BodyCapacity);
    private readonly RequestText _request = new(RequestCapacity);
    private readonly RequestText _prehash = new(RequestCapacity);
    private readonly byte[] _timestamp = new byte[TimestampLength];
    private readonly byte[] _signature = new byte[HmacSha256Signer.Base64Length];
    private long _timestampMillis = long.MinValue;

    public OkxRequestWriter(string host, string apiKey, string passphrase, HmacSha256Signer signer, string clientIdPrefix)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (string.IsNullOrWhiteSpace(host) || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"the OKX host '{host}' is empty or contains spaces", nameof(host));
        }

        // Say what is wrong, never the key or the passphrase itself.
        if (string.IsNullOrEmpty(apiKey) || !apiKey.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            throw new ArgumentException($"the OKX API key must be ASCII letters, digits and '-' ({apiKey?.Length ?? 0} characters given)", nameof(apiKey));
        }

        if (string.IsNullOrEmpty(passphrase) || passphrase.Any(c => c < ' ' || c > '~'))
        {
            throw new ArgumentException($"the OKX passphrase must be printable ASCII ({passphrase?.Length ?? 0} characters given)", nameof(passphrase));
        }

        if (!ClientIdPrefixPattern().IsMatch(clientIdPrefix))
        {
            throw new ArgumentException($"the client order id prefix '{clientIdPrefix}' must be at most 12 of A-Z a-z 0-9 (OKX allows 32 alphanumerics; the engine's id takes up to 20)", nameof(clientIdPrefix));
        }

        _host = Encoding.ASCII.GetBytes(host);
        _apiKey = Encoding.ASCII.GetBytes(apiKey);
        _passphrase = Encoding.ASCII.GetBytes(passphrase);
        _clientIdPrefix = Encoding.ASCII.GetBytes(clientIdPrefix);
        _signer = signer;
    }

    /// <summary>The last request written: the bytes to send.</summary>
    public ReadOnlySpan<byte> Request => _request.Written;

    /// <summary>The JSON body of the last request.</summary>
    public ReadOnlySpan<byte> Body => _body.Written;

    /// <summary>
    /// A new order (<c>POST /api/v5/trade/order</c>) on a spot instrument or, with <paramref name="swap"/>, a swap.
    /// Refuses, without writing, what OKX's order endpoint cannot express (stop orders, Day and GoodTillDate, reduce-only
    /// on spot): <see cref="ResultCode.InvalidOrderType"/>.
    /// </summary>
    public ResultCode WriteNewOrder(in VenueOrder order, bool swap, long timestampMillis)
    {
        ReadOnlySpan<byte> ordType = OrderType(in order);
        if (ordType.IsEmpty || (order.ReduceOnly && !swap))
        {
            _body.Clear();
            _request.Clear();
            return ResultCode.InvalidOrderType;
        }

        _body.Clear();
        _body.Append("{\"instId\":\""u8).Append(order.Symbol)
            .Append(swap ? "\",\"tdMode\":\"cross\""u8 : "\",\"tdMode\":\"cash\""u8);
        AppendId(",\"clOrdId\":\""u8, order.ClientOrderId);
        _body.Append(",\"side\":\""u8).Append(order.Side == Sbe.Side.Sell ? "sell"u8 : "buy"u8)
            .Append("\",\"ordType\":\""u8).Append(ordType).Append("\""u8);
        if (order.Type == Sbe.OrderType.Limit)
        {
            _body.Append(",\"px\":\""u8).AppendDecimal(order.Price, order.PriceScale).Append("\""u8);
        }
        else if (!swap)
        {
            _body.Append(",\"tgtCcy\":\"base_ccy\""u8);
        }

        _body.Append(",\"sz\":\""u8).AppendDecimal(order.Quantity, order.QuantityScale).Append("\""u8);
        if (order.ReduceOnly)
        {
            _body.Append(",\"reduceOnly\":true"u8);
        }

        _body.Append("}"u8);
        Finish("/api/v5/trade/order"u8, timestampMillis);
        return ResultCode.Ok;
    }

    /// <summary>Cancels the order whose client id is <see cref="VenueOrder.OrigClientOrderId"/> (<c>POST /api/v5/trade/cancel-order</c>).</summary>
    public void WriteCancel(in VenueOrder order, long timestampMillis)
    {
        _body.Clear();
        _body.Append("{\"instId\":\""u8).Append(order.Symbol).Append("\""u8);
        AppendId(",\"clOrdId\":\""u8, order.OrigClientOrderId);
        _body.Append("}"u8);
        Finish("/api/v5/trade/cancel-order"u8, timestampMillis);
    }

    /// <summary>
    /// Changes the price and the total size (<c>newSz</c>: filled included, as OKX counts it) of the order whose client
    /// id is <see cref="VenueOrder.OrigClientOrderId"/>, in place; <c>reqId</c> names the amend request
    /// (<see cref="VenueOrder.ClientOrderId"/>), and comes back on the orders channel.
    /// </summary>
    public void WriteAmend(in VenueOrder order, long timestampMillis)
    {
        _body.Clear();
        _body.Append("{\"instId\":\""u8).Append(order.Symbol).Append("\""u8);
        AppendId(",\"clOrdId\":\""u8, order.OrigClientOrderId);
        AppendId(",\"reqId\":\""u8, order.ClientOrderId);
        _body.Append(",\"newSz\":\""u8).AppendDecimal(order.Quantity, order.QuantityScale)
            .Append("\",\"newPx\":\""u8).AppendDecimal(order.Price, order.PriceScale).Append("\"}"u8);
        Finish("/api/v5/trade/amend-order"u8, timestampMillis);
    }

    /// <summary>OKX's <c>ordType</c> for the engine's order; empty when OKX's order endpoint has none.</summary>
    private static ReadOnlySpan<byte> OrderType(in VenueOrder order) => order.Type switch
    {
        Sbe.OrderType.Market when order.TimeInForce is Sbe.TimeInForce.ImmediateOrCancel or Sbe.TimeInForce.GoodTillCancel => "market"u8,
        Sbe.OrderType.Limit when order.PostOnly => order.TimeInForce == Sbe.TimeInForce.GoodTillCancel ? "post_only"u8 : default,
        Sbe.OrderType.Limit => order.TimeInForce switch
        {
            Sbe.TimeInForce.GoodTillCancel => "limit"u8,
            Sbe.TimeInForce.ImmediateOrCancel => "ioc"u8,
            Sbe.TimeInForce.FillOrKill => "fok"u8,
            _ => default,
        },
        _ => default,
    };

    private void AppendId(ReadOnlySpan<byte> name, ulong id) => _body.Append(name).Append(_clientIdPrefix).Append(id).Append("\""u8);

    /// <summary>The timestamp, the signature of timestamp + POST + path + body, then the request's bytes.</summary>
    private void Finish(ReadOnlySpan<byte> path, long timestampMillis)
    {
        if (timestampMillis != _timestampMillis)
        {
            OkxTimestamp.Write(timestampMillis, _timestamp);
            _timestampMillis = timestampMillis;
        }

        // One contiguous pre-hash: each call into the HMAC costs more than copying the body once.
        _prehash.Clear();
        _prehash.Append(_timestamp).Append("POST"u8).Append(path).Append(_body.Written);
        _signer.Append(_prehash.Written);
        int signatureLength = _signer.FinishBase64(_signature);
        _request.Clear();
        _request.Append("POST "u8).Append(path).Append(" HTTP/1.1\r\nHost: "u8).Append(_host)
            .Append("\r\nContent-Type: application/json\r\nOK-ACCESS-KEY: "u8).Append(_apiKey)
            .Append("\r\nOK-ACCESS-PASSPHRASE: "u8).Append(_passphrase)
            .Append("\r\nOK-ACCESS-TIMESTAMP: "u8).Append(_timestamp)
            .Append("\r\nOK-ACCESS-SIGN: "u8).Append(_signature.AsSpan(0, signatureLength))
            .Append("\r\nContent-Length: "u8).Append((long)_body.Length).Append("\r\n\r\n"u8)
            .Append(_body.Written);
    }

    [GeneratedRegex("^[A-Za-z0-9]{0,12}$")]
    private static partial Regex ClientIdPrefixPattern();
}
