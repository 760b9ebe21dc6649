using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Engine.Transport;

namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// The REST side of a live Binance source: fetches depth snapshots with one shared <see cref="HttpClient"/>, one
/// request per book at a time, each only while the stream is connected (Binance's procedure: buffer the stream's
/// events, then ask for the snapshot; one fetched without the stream is wasted request weight), retried with
/// back-off (and Binance's Retry-After on 429/418) until it is delivered or the source stops. A book asking again
/// within <see cref="BinanceLiveOptions.MaxBackoff"/> of its last snapshot waits a back-off first (see
/// <see cref="FetchAsync"/>).
/// </summary>
internal sealed class DepthSnapshotFetcher : IDisposable
{
    private readonly string _feed;
    private readonly BinanceLiveOptions _options;
    private readonly TextWriter _log;
    private readonly Func<Task> _connected;
    private readonly Func<RawFrame, string, bool> _deliver;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);

    // Per book, used by its one fetch at a time: the back-off across its requests asked again soon after a snapshot
    // (failed attempts within one request have their own), and when its last snapshot came.
    private readonly ConcurrentDictionary<string, ReconnectBackoff> _askedAgain = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _lastDelivered = new(StringComparer.Ordinal);
    private long _requests;
    private long _failures;

    /// <param name="connected">A task completed while the stream is connected.</param>
    /// <param name="deliver">Queues a snapshot frame with its URL; false when the queue is full.</param>
    public DepthSnapshotFetcher(string feed, BinanceLiveOptions options, TextWriter log, Func<Task> connected, Func<RawFrame, string, bool> deliver)
    {
        _feed = feed;
        _options = options;
        _log = log;
        _connected = connected;
        _deliver = deliver;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = options.RequestTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),     // DNS changes reach us
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,     // each request has its own, options.RequestTimeout
        };
    }

    /// <summary>Snapshots asked for (a request made while one for the book is under way is that one's).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Attempts that failed and were retried.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Starts fetching <paramref name="symbol"/>'s snapshot unless a fetch of it is under way.</summary>
    public void Request(string symbol, CancellationToken token)
    {
        if (!_inFlight.TryAdd(symbol, 0))
        {
            return;     // the request under way answers this one too: the feed checks whatever arrives against its buffer
        }

        Interlocked.Increment(ref _requests);
        _ = Task.Run(() => FetchAsync(symbol, token), CancellationToken.None);
    }

    public void Dispose() => _http.Dispose();

    private async Task FetchAsync(string symbol, CancellationToken token)
    {
        ReconnectBackoff askedAgain = _askedAgain.GetOrAdd(symbol, _ => new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff));
        var backoff = new ReconnectBackoff(_options.InitialBackoff, _options.MaxBackoff);
        Uri url = _options.DepthUrl(symbol);
        try
        {
            if (_lastDelivered.TryGetValue(symbol, out long last) && Stopwatch.GetElapsedTime(last) < _options.MaxBackoff)
            {
                // The book's last snapshot did not hold (a gap right after it: the REST replica lags the stream, or
                // the stream stalls). Asking again at once, and again, would spend Binance's request weight (a
                // 1,000-level spot depth costs 50 of 6,000 a minute) until the IP is banned: the waits double instead.
                TimeSpan wait = askedAgain.Next();
                _log.WriteLine($"gateway venue: {_feed}: {symbol} snapshot asked again {Stopwatch.GetElapsedTime(last).TotalMilliseconds:F0} ms after the last; fetching in {wait.TotalMilliseconds:F0} ms (attempt {askedAgain.Attempts})");
                await Task.Delay(wait, token).ConfigureAwait(false);
            }
            else
            {
                askedAgain.Reset();
            }

            while (true)
            {
                await _connected().WaitAsync(token).ConfigureAwait(false);
                string failure;
                TimeSpan? retryAfter = null;
                using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(token))
                {
                    timeout.CancelAfter(_options.RequestTimeout);
                    try
                    {
                        using HttpResponseMessage response = await _http.GetAsync(url, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
                        if (response.IsSuccessStatusCode)
                        {
                            byte[] body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);

                            // No longer under way before the gateway can see it: a gap found while applying it asks again.
                            _lastDelivered[symbol] = Stopwatch.GetTimestamp();
                            _inFlight.TryRemove(symbol, out _);
                            if (_deliver(new RawFrame(true, symbol, MonotonicClock.WallNanos(), body), url.AbsoluteUri) || !_inFlight.TryAdd(symbol, 0))
                            {
                                return;
                            }

                            failure = "the gateway's queue is full";
                        }
                        else
                        {
                            // 429 and 418: Binance's rate limit and ban; Retry-After says how long to keep away.
                            failure = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
                            retryAfter = response.Headers.RetryAfter?.Delta;
                        }
                    }
                    catch (HttpRequestException e)
                    {
                        failure = e.Message;
                    }
                    catch (OperationCanceledException) when (!token.IsCancellationRequested)
                    {
                        failure = "timed out";
                    }
                }

                Interlocked.Increment(ref _failures);
                TimeSpan delay = backoff.Next();
                if (retryAfter > delay)
                {
                    delay = retryAfter.Value;
                }

                _log.WriteLine($"gateway venue: {_feed}: {symbol} depth snapshot failed ({failure}); retrying in {delay.TotalMilliseconds:F0} ms");
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // Stopping (cancelled, or the client disposed under it): the gateway wants nothing more.
        }
    }
}
