namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// The requests an adapter needs besides order entry, on spot (<c>/api/v3</c>) and USD-M (<c>/fapi</c>): the server's
/// time, the state of one order, open orders, the account's trades (spot <c>myTrades</c>, USD-M <c>userTrades</c>),
/// balances (spot <c>account</c>) or positions (USD-M <c>/fapi/v2/positionRisk</c>) (SIGNED, USER_DATA), a cancel by
/// Binance's order id (for an orphan, whose client id is not the engine's), and the user data stream's listen key (API
/// key only, USER_STREAM: spot's <c>userDataStream</c> names the key on PUT and DELETE, USD-M's <c>listenKey</c> takes no
/// parameter). Rare paths: reconnects, reconciliation and orders of unknown fate; allocation-free all the same.
/// </summary>
public sealed partial class BinanceRequestWriter
{
    private bool IsSpot => _market == BinanceMarket.Spot;

    /// <summary><c>GET /api/v3/time</c> (<c>/fapi/v1/time</c>): no parameters, no key.</summary>
    public void WriteServerTime()
    {
        _parameters.Clear();
        _request.Clear();
        _request.Append("GET "u8).Append(IsSpot ? "/api/v3/time"u8 : "/fapi/v1/time"u8).Append(" HTTP/1.1\r\nHost: "u8).Append(_host).Append("\r\n\r\n"u8);
    }

    /// <summary><c>GET /api/v3/exchangeInfo</c> (<c>/fapi/v1/exchangeInfo</c>): symbols, their assets and filters; no key.</summary>
    public void WriteExchangeInfo()
    {
        _parameters.Clear();
        _request.Clear();
        _request.Append("GET "u8).Append(IsSpot ? "/api/v3/exchangeInfo"u8 : "/fapi/v1/exchangeInfo"u8).Append(" HTTP/1.1\r\nHost: "u8).Append(_host).Append("\r\n\r\n"u8);
    }

    /// <summary><c>GET /api/v3/order</c> by the engine's client id of the order.</summary>
    public void WriteQueryOrder(ReadOnlySpan<byte> symbol, ulong clientOrderId, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol);
        AppendClientId("&origClientOrderId="u8, clientOrderId);
        Finish(timestampMillis);
        WriteHttp("GET"u8, OrderPath);
    }

    /// <summary><c>DELETE /api/v3/order</c> by Binance's order id.</summary>
    public void WriteCancelByVenueOrderId(ReadOnlySpan<byte> symbol, long venueOrderId, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&orderId="u8).Append(venueOrderId);
        Finish(timestampMillis);
        WriteHttp(Delete, OrderPath);
    }

    /// <summary><c>GET /api/v3/openOrders</c> of every symbol.</summary>
    public void WriteOpenOrders(long timestampMillis)
    {
        _parameters.Clear();
        Finish(timestampMillis);
        WriteHttp("GET"u8, IsSpot ? "/api/v3/openOrders"u8 : "/fapi/v1/openOrders"u8);
    }

    /// <summary><c>GET /api/v3/myTrades</c> (<c>/fapi/v1/userTrades</c>) of one symbol, from trade id <paramref name="fromTradeId"/> on (up to 1,000).</summary>
    public void WriteMyTrades(ReadOnlySpan<byte> symbol, long fromTradeId, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&fromId="u8).Append(fromTradeId).Append("&limit=1000"u8);
        Finish(timestampMillis);
        WriteHttp("GET"u8, IsSpot ? "/api/v3/myTrades"u8 : "/fapi/v1/userTrades"u8);
    }

    /// <summary>One order's trades (<c>myTrades</c> / <c>userTrades</c> with <c>orderId</c>): an adopted order's fills.</summary>
    public void WriteOrderTrades(ReadOnlySpan<byte> symbol, long venueOrderId, long timestampMillis)
    {
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&orderId="u8).Append(venueOrderId).Append("&limit=1000"u8);
        Finish(timestampMillis);
        WriteHttp("GET"u8, IsSpot ? "/api/v3/myTrades"u8 : "/fapi/v1/userTrades"u8);
    }

    /// <summary>Spot: <c>GET /api/v3/account</c>, the balances. USD-M: <c>GET /fapi/v2/positionRisk</c>, every symbol's position.</summary>
    public void WriteAccount(long timestampMillis)
    {
        _parameters.Clear();
        if (IsSpot)
        {
            _parameters.Append("omitZeroBalances=true"u8);
        }

        Finish(timestampMillis);
        WriteHttp("GET"u8, IsSpot ? "/api/v3/account"u8 : "/fapi/v2/positionRisk"u8);
    }

    /// <summary>
    /// <c>/api/v3/userDataStream</c> (<c>/fapi/v1/listenKey</c>): POST opens (or extends) the listen key, PUT keeps it
    /// alive, DELETE closes it; spot names <paramref name="listenKey"/> on PUT and DELETE, USD-M names none. API key
    /// only, no signature.
    /// </summary>
    public void WriteUserDataStream(BinanceListenKeyAction action, ReadOnlySpan<byte> listenKey)
    {
        _parameters.Clear();
        if (action != BinanceListenKeyAction.Open && IsSpot)
        {
            _parameters.Append("listenKey="u8).Append(listenKey);
        }

        WriteHttp(action switch { BinanceListenKeyAction.Open => Post, BinanceListenKeyAction.KeepAlive => Put, _ => Delete }, IsSpot ? "/api/v3/userDataStream"u8 : "/fapi/v1/listenKey"u8);
    }
}
