namespace Engine.Gateways.Venues.Binance.OrderEntry;

/// <summary>
/// The spot requests an adapter needs besides order entry: the server's time, the state of one order, open orders,
/// the account's trades and balances (SIGNED, USER_DATA), a cancel by Binance's order id (for an orphan, whose client id
/// is not the engine's), and the user data stream's listen key (API key only, USER_STREAM). Rare paths: reconnects,
/// reconciliation and orders of unknown fate; allocation-free all the same.
/// </summary>
public sealed partial class BinanceRequestWriter
{
    private const string SpotOnly = "this request is written for Binance spot only in this build";

    /// <summary><c>GET /api/v3/time</c>: no parameters, no key.</summary>
    public void WriteServerTime()
    {
        _parameters.Clear();
        _request.Clear();
        _request.Append("GET /api/v3/time HTTP/1.1\r\nHost: "u8).Append(_host).Append("\r\n\r\n"u8);
    }

    /// <summary><c>GET /api/v3/exchangeInfo</c>: symbols, their assets and filters; no key.</summary>
    public void WriteExchangeInfo()
    {
        _parameters.Clear();
        _request.Clear();
        _request.Append("GET /api/v3/exchangeInfo HTTP/1.1\r\nHost: "u8).Append(_host).Append("\r\n\r\n"u8);
    }

    /// <summary><c>GET /api/v3/order</c> by the engine's client id of the order.</summary>
    public void WriteQueryOrder(ReadOnlySpan<byte> symbol, ulong clientOrderId, long timestampMillis)
    {
        RequireSpot();
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol);
        AppendClientId("&origClientOrderId="u8, clientOrderId);
        Finish(timestampMillis);
        WriteHttp("GET"u8, "/api/v3/order"u8);
    }

    /// <summary><c>DELETE /api/v3/order</c> by Binance's order id.</summary>
    public void WriteCancelByVenueOrderId(ReadOnlySpan<byte> symbol, long venueOrderId, long timestampMillis)
    {
        RequireSpot();
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&orderId="u8).Append(venueOrderId);
        Finish(timestampMillis);
        WriteHttp(Delete, "/api/v3/order"u8);
    }

    /// <summary><c>GET /api/v3/openOrders</c> of every symbol.</summary>
    public void WriteOpenOrders(long timestampMillis)
    {
        RequireSpot();
        _parameters.Clear();
        Finish(timestampMillis);
        WriteHttp("GET"u8, "/api/v3/openOrders"u8);
    }

    /// <summary><c>GET /api/v3/myTrades</c> of one symbol, from trade id <paramref name="fromTradeId"/> on (up to 1,000).</summary>
    public void WriteMyTrades(ReadOnlySpan<byte> symbol, long fromTradeId, long timestampMillis)
    {
        RequireSpot();
        _parameters.Clear();
        _parameters.Append("symbol="u8).Append(symbol).Append("&fromId="u8).Append(fromTradeId).Append("&limit=1000"u8);
        Finish(timestampMillis);
        WriteHttp("GET"u8, "/api/v3/myTrades"u8);
    }

    /// <summary><c>GET /api/v3/account</c>: the balances.</summary>
    public void WriteAccount(long timestampMillis)
    {
        RequireSpot();
        _parameters.Clear();
        _parameters.Append("omitZeroBalances=true"u8);
        Finish(timestampMillis);
        WriteHttp("GET"u8, "/api/v3/account"u8);
    }

    /// <summary>
    /// <c>/api/v3/userDataStream</c>: POST opens (or extends) the listen key, PUT keeps <paramref name="listenKey"/>
    /// alive, DELETE closes it. API key only, no signature.
    /// </summary>
    public void WriteUserDataStream(BinanceListenKeyAction action, ReadOnlySpan<byte> listenKey)
    {
        RequireSpot();
        _parameters.Clear();
        if (action != BinanceListenKeyAction.Open)
        {
            _parameters.Append("listenKey="u8).Append(listenKey);
        }

        WriteHttp(action switch { BinanceListenKeyAction.Open => Post, BinanceListenKeyAction.KeepAlive => Put, _ => Delete }, "/api/v3/userDataStream"u8);
    }

    private void RequireSpot()
    {
        if (_market != BinanceMarket.Spot)
        {
            throw new InvalidOperationException(SpotOnly);
        }
    }
}
