using System.Text;
using System.Text.RegularExpressions;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// Writes Binance's signed order requests (spot <c>/api/v3</c>, USD-M <c>/fapi/v1</c>) as the bytes of an HTTP/1.1
/// request, ready for the connection to write: parameters form-encoded, then <c>&amp;signature=</c> and the
/// lowercase-hex HMAC-SHA256 of everything before it, as "SIGNED (TRADE and USER_DATA) endpoint security" of
/// Binance's API documentation describes. POST and PUT carry the parameters in the body, DELETE in the query string
/// (Binance signs whichever it receives).
/// <para>
/// <c>newClientOrderId</c> is the configured prefix and the engine's id of the request, so a retry after an unknown
/// outcome is the same order to Binance (it refuses a duplicate open id) and every answer names the engine's order.
/// Spot orders ask for the ACK response: fills and state come from the user data stream, which the adapter reads
/// anyway, and the ACK is Binance's fastest answer.
/// </para>
/// Allocation-free after construction; one thread (the gateway's duty cycle). <see cref="Request"/> is valid until
/// the next write.
/// </summary>
public sealed partial class BinanceRequestWriter
{
    private const int ParameterCapacity = 1024;
    private const int RequestCapacity = 2048;

    private readonly BinanceMarket _market;
    private readonly byte[] _host;
    private readonly byte[] _apiKey;
    private readonly byte[] _clientIdPrefix;
    private readonly HmacSha256Signer _signer;
    private readonly int _recvWindowMillis;
    private readonly RequestText _parameters = new(ParameterCapacity);
    private readonly RequestText _request = new(RequestCapacity);

    public BinanceRequestWriter(BinanceMarket market, string host, string apiKey, HmacSha256Signer signer, string clientIdPrefix, int recvWindowMillis = 5000)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (market is not (BinanceMarket.Spot or BinanceMarket.UsdM))
        {
            throw new ArgumentException($"Binance order entry covers spot and USD-M, not {market}", nameof(market));
        }

        if (string.IsNullOrWhiteSpace(host) || host.Any(char.IsWhiteSpace))
        {
            throw new ArgumentException($"the Binance host '{host}' is empty or contains spaces", nameof(host));
        }

        if (string.IsNullOrEmpty(apiKey) || !apiKey.All(char.IsAsciiLetterOrDigit))
        {
            // Say what is wrong, never the key itself.
            throw new ArgumentException($"the Binance API key must be ASCII letters and digits ({apiKey?.Length ?? 0} characters given)", nameof(apiKey));
        }

        if (!ClientIdPrefixPattern().IsMatch(clientIdPrefix))
        {
            throw new ArgumentException($"the client order id prefix '{clientIdPrefix}' must be at most 16 of A-Z a-z 0-9 . _ - (Binance allows 36 characters; the engine's id takes up to 20)", nameof(clientIdPrefix));
        }

        if (recvWindowMillis is <= 0 or > 60_000)
        {
            throw new ArgumentOutOfRangeException(nameof(recvWindowMillis), recvWindowMillis, "Binance's recvWindow is 1..60000 ms");
        }

        _market = market;
        _host = Encoding.ASCII.GetBytes(host);
        _apiKey = Encoding.ASCII.GetBytes(apiKey);
        _clientIdPrefix = Encoding.ASCII.GetBytes(clientIdPrefix);
        _signer = signer;
        _recvWindowMillis = recvWindowMillis;
    }

    public BinanceMarket Market => _market;

    /// <summary>The last request written: the bytes to send.</summary>
    public ReadOnlySpan<byte> Request => _request.Written;

    /// <summary>The signed parameters of the last request (what the signature covers, and the signature).</summary>
    public ReadOnlySpan<byte> SignedParameters => _parameters.Written;

    /// <summary>
    /// A new order. Refuses, without writing, what this Binance market cannot express (reduce-only on spot, Day or
    /// GoodTillDate on spot, Day on USD-M): <see cref="ResultCode.InvalidOrderType"/>.
    /// </summary>
    public ResultCode WriteNewOrder(in VenueOrder order, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(order.Symbol).Append("&side="u8).Append(SideText(order.Side));
        ResultCode result = _market == BinanceMarket.Spot ? AppendSpotType(in order) : AppendUsdMType(in order);
        if (result != ResultCode.Ok)
        {
            _parameters.Clear();
            _request.Clear();
            return result;
        }

        AppendClientId("&newClientOrderId="u8, order.ClientOrderId);
        if (_market == BinanceMarket.Spot)
        {
            _parameters.Append("&newOrderRespType=ACK"u8);
        }

        Finish(timestampMillis);
        WriteHttp(Post, OrderPath);
        return ResultCode.Ok;
    }

    /// <summary>Cancels the order whose client id is <see cref="VenueOrder.OrigClientOrderId"/>.</summary>
    public void WriteCancel(in VenueOrder order, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(order.Symbol);
        AppendClientId("&origClientOrderId="u8, order.OrigClientOrderId);
        if (_market == BinanceMarket.Spot)
        {
            // Spot names the cancel itself, so its answer carries the engine's id of the cancel request.
            AppendClientId("&newClientOrderId="u8, order.ClientOrderId);
        }

        Finish(timestampMillis);
        WriteHttp(Delete, OrderPath);
    }

    /// <summary>
    /// Changes price and quantity. USD-M modifies the order in place (<c>PUT /fapi/v1/order</c>, the same client id,
    /// quantity = the new total); spot has no modify, so it is cancel-replace with <c>STOP_ON_FAILURE</c> (no new order
    /// if the cancel fails, e.g. because it just filled), the new order taking <see cref="VenueOrder.ClientOrderId"/>
    /// and <see cref="VenueOrder.Quantity"/> being what is left to fill.
    /// </summary>
    public ResultCode WriteAmend(in VenueOrder order, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(order.Symbol).Append("&side="u8).Append(SideText(order.Side));
        if (_market == BinanceMarket.UsdM)
        {
            _parameters.Append("&quantity="u8).AppendDecimal(order.Quantity, order.QuantityScale)
                .Append("&price="u8).AppendDecimal(order.Price, order.PriceScale);
            AppendClientId("&origClientOrderId="u8, order.OrigClientOrderId);
            Finish(timestampMillis);
            WriteHttp(Put, OrderPath);
            return ResultCode.Ok;
        }

        ResultCode result = AppendSpotType(in order);
        if (result != ResultCode.Ok)
        {
            _parameters.Clear();
            _request.Clear();
            return result;
        }

        _parameters.Append("&cancelReplaceMode=STOP_ON_FAILURE"u8);
        AppendClientId("&cancelOrigClientOrderId="u8, order.OrigClientOrderId);
        AppendClientId("&newClientOrderId="u8, order.ClientOrderId);
        _parameters.Append("&newOrderRespType=ACK"u8);
        Finish(timestampMillis);
        WriteHttp(Post, "/api/v3/order/cancelReplace"u8);
        return ResultCode.Ok;
    }

    /// <summary>Cancels every open order of one symbol (Binance has no cancel-all across symbols).</summary>
    public void WriteCancelAll(ReadOnlySpan<byte> symbol, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol);
        Finish(timestampMillis);
        WriteHttp(Delete, _market == BinanceMarket.Spot ? "/api/v3/openOrders"u8 : "/fapi/v1/allOpenOrders"u8);
    }

    /// <summary>
    /// USD-M's venue-side dead-man switch: Binance cancels every open order of the symbol unless this is sent again
    /// within <paramref name="countdownMillis"/> (0 disarms it).
    /// </summary>
    public void WriteCountdownCancelAll(ReadOnlySpan<byte> symbol, long countdownMillis, long timestampMillis)
    {
        if (_market != BinanceMarket.UsdM)
        {
            throw new InvalidOperationException("countdown cancel-all is a USD-M endpoint; spot has none");
        }

        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&countdownTime="u8).Append(countdownMillis);
        Finish(timestampMillis);
        WriteHttp(Post, "/fapi/v1/countdownCancelAll"u8);
    }

    private ReadOnlySpan<byte> OrderPath => _market == BinanceMarket.Spot ? "/api/v3/order"u8 : "/fapi/v1/order"u8;

    private static ReadOnlySpan<byte> Post => "POST"u8;

    private static ReadOnlySpan<byte> Put => "PUT"u8;

    private static ReadOnlySpan<byte> Delete => "DELETE"u8;

    private static ReadOnlySpan<byte> SideText(Sbe.Side side) => side == Sbe.Side.Sell ? "SELL"u8 : "BUY"u8;

    private void AppendClientId(ReadOnlySpan<byte> name, ulong id) => _parameters.Append(name).Append(_clientIdPrefix).Append(id);

    /// <summary>recvWindow, timestamp, then the signature of everything before it.</summary>
    private void Finish(long timestampMillis)
    {
        _parameters.Append("&recvWindow="u8).Append((long)_recvWindowMillis).Append("&timestamp="u8).Append(timestampMillis);
        _signer.Append(_parameters.Written);
        _parameters.Append("&signature="u8);
        _parameters.Advance(_signer.FinishHex(_parameters.Room(HmacSha256Signer.HexLength)));
    }

    private void WriteHttp(ReadOnlySpan<byte> method, ReadOnlySpan<byte> path)
    {
        // POST and PUT carry the parameters in a form body; GET and DELETE in the query string.
        bool inBody = method.SequenceEqual(Post) || method.SequenceEqual(Put);
        _request.Clear();
        _request.Append(method).Append(" "u8).Append(path);
        if (!inBody && _parameters.Length > 0)
        {
            _request.Append("?"u8).Append(_parameters.Written);
        }

        _request.Append(" HTTP/1.1\r\nHost: "u8).Append(_host).Append("\r\nX-MBX-APIKEY: "u8).Append(_apiKey).Append("\r\n"u8);
        if (inBody)
        {
            _request.Append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "u8).Append((long)_parameters.Length).Append("\r\n\r\n"u8)
                .Append(_parameters.Written);
        }
        else
        {
            _request.Append("\r\n"u8);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{0,16}$")]
    private static partial Regex ClientIdPrefixPattern();
}
