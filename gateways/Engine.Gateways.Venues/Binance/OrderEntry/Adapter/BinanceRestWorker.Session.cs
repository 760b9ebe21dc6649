using System.Text.Json;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Gateways.Venues.OrderEntry.Http;
using Engine.Primitives;

namespace Engine.Gateways.Venues.Binance.OrderEntry.Adapter;

/// <summary>
/// The REST thread's session with Binance: rate limits read from every answer (429 back-off, 418 hard stop), the
/// server-time offset, the symbols' assets, and the user data stream's listen key (opened, kept alive, replaced).
/// </summary>
internal sealed partial class BinanceRestWorker
{
    private void RecordLimits(in HttpResponse response)
    {
        if (response.UsedWeight >= 0)
        {
            LastUsedWeight = response.UsedWeight;
        }

        if (response.OrderCount >= 0)
        {
            LastOrderCount = response.OrderCount;
        }

        long retryMillis = response.RetryAfterSeconds > 0 ? response.RetryAfterSeconds * 1000 : (long)_options.RateLimitBackoff.TotalMilliseconds;
        if (response.Status == 429)
        {
            RateLimitedAnswers++;
            _pausedUntil = LocalMillis() + retryMillis;
            _log.WriteLine($"binance order entry: 429 from Binance (used weight {LastUsedWeight}, orders {LastOrderCount}): no new orders for {retryMillis} ms");
        }
        else if (response.Status == 418)
        {
            Bans++;
            _bannedUntil = LocalMillis() + Math.Max(retryMillis, 60_000);
            _log.WriteLine($"binance order entry: 418 from Binance: the IP is banned; HARD STOP, nothing is sent for {_bannedUntil - LocalMillis()} ms");
        }
    }

    /// <summary>Measures Binance's clock against ours (half the round trip assumed each way).</summary>
    private bool SyncTime()
    {
        _nextTimeSync = LocalMillis() + (long)_options.TimeSyncInterval.TotalMilliseconds;
        _writer.WriteServerTime();
        long before = LocalMillis();
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            _log.WriteLine($"binance order entry: GET /api/v3/time failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        long after = LocalMillis();
        using JsonDocument time = BinanceRestJson.Parse(response.Body, "server time");
        Interlocked.Exchange(ref _offsetMillis, BinanceRestJson.Long(time.RootElement, "serverTime") - ((before + after) / 2));
        return true;
    }

    private bool ReadSymbols()
    {
        _writer.WriteExchangeInfo();
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            _log.WriteLine($"binance order entry: GET /api/v3/exchangeInfo failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        using JsonDocument info = BinanceRestJson.Parse(response.Body, "exchangeInfo");
        lock (_tracker.Gate)
        {
            foreach (JsonElement symbol in info.RootElement.GetProperty("symbols").EnumerateArray())
            {
                _tracker.Assets[BinanceRestJson.Text(symbol, "symbol")] = (BinanceRestJson.Text(symbol, "baseAsset"), BinanceRestJson.Text(symbol, "quoteAsset"));
            }
        }

        foreach (OrderEntryInstrument instrument in _instruments)
        {
            if (!_tracker.Assets.ContainsKey(instrument.VenueSymbol))
            {
                _log.WriteLine($"binance order entry: Binance does not list {instrument.VenueSymbol} (exchangeInfo); its orders will be refused by Binance");
            }
        }

        return true;
    }

    private bool OpenListenKey()
    {
        _writer.WriteUserDataStream(BinanceListenKeyAction.Open, default);
        if (_http.Exchange(_writer.Request, out HttpResponse response) != HttpExchangeFailure.None || response.Status != 200)
        {
            if (response.Status != 0)
            {
                RecordLimits(in response);
            }

            _log.WriteLine($"binance order entry: POST /api/v3/userDataStream failed ({_http.LastError ?? "HTTP " + response.Status})");
            return false;
        }

        using JsonDocument answer = BinanceRestJson.Parse(response.Body, "listen key");
        _stream.ListenKey = BinanceRestJson.Text(answer.RootElement, "listenKey");
        _nextKeepAlive = LocalMillis() + (long)_options.ListenKeyKeepAlive.TotalMilliseconds;
        return true;
    }

    private void KeepAliveListenKey()
    {
        _nextKeepAlive = LocalMillis() + (long)_options.ListenKeyKeepAlive.TotalMilliseconds;
        _writer.WriteUserDataStream(BinanceListenKeyAction.KeepAlive, System.Text.Encoding.ASCII.GetBytes(_stream.ListenKey!));
        if (_http.Exchange(_writer.Request, out HttpResponse response) == HttpExchangeFailure.None && response.Status == 200)
        {
            return;
        }

        // -1125: the key is gone; the stream reconnects with a new one (and reconciles).
        _log.WriteLine($"binance order entry: keep-alive of the listen key failed ({_http.LastError ?? "HTTP " + response.Status}); opening a new one");
        _stream.ListenKey = null;
    }
}
