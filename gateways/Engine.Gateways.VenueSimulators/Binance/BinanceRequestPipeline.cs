using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// What every simulated Binance market (spot, USD-M) does the same way before and after an endpoint: rate limits,
/// then the API key, signature and <c>timestamp</c>/<c>recvWindow</c> of a SIGNED endpoint, then the endpoint, all under
/// the simulator's lock; the rate-limit headers on the answer; and the test faults queued for the next order request
/// (<c>POST /sim/v1/fault</c>, not Binance's). One instance per simulator.
/// </summary>
public sealed class BinanceRequestPipeline
{
    private readonly BinanceSimulatorOptions _options;
    private readonly Queue<BinanceFault> _faults = new();
    private readonly Action<long>? _beforeEndpoint;

    /// <param name="gate">The simulator's lock: every endpoint runs under it.</param>
    /// <param name="options">Credentials, clock and limits.</param>
    /// <param name="beforeEndpoint">Run under the lock before every endpoint with the server's time (USD-M: due countdowns fire first).</param>
    public BinanceRequestPipeline(object gate, BinanceSimulatorOptions options, Action<long>? beforeEndpoint = null)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(options);
        Gate = gate;
        _options = options;
        _beforeEndpoint = beforeEndpoint;
        Limiter = new BinanceRateLimiter(options);
    }

    public object Gate { get; }

    public BinanceRateLimiter Limiter { get; }

    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied { get; private set; }

    /// <summary>Queues a fault for the next order request that arrives.</summary>
    public void InjectFault(BinanceFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary><c>POST /sim/v1/fault?kind=delay&amp;delayMillis=N|500|500-not-applied|drop</c>.</summary>
    public void MapFaultRoute(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPost("/sim/v1/fault", (HttpContext context) =>
        {
            BinanceFault? fault = BinanceFault.Parse(context.Request.Query["kind"], context.Request.Query["delayMillis"]);
            if (fault is null)
            {
                return Results.BadRequest(new JsonObject { ["error"] = "want kind=delay (with delayMillis > 0), 500, 500-not-applied or drop" });
            }

            InjectFault(fault);
            return Results.Json(new JsonObject());
        });
    }

    /// <summary>
    /// A SIGNED endpoint: rate limits, then key, signature and time, then the endpoint, all under the lock. An order
    /// request (<paramref name="isOrder"/>) counts against the order limit and takes the next queued fault.
    /// </summary>
    public async Task Signed(HttpContext context, int weight, bool isOrder, Func<BinanceSignedRequest, long, (int Status, JsonNode Body)> endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        (string query, string body) = await BinanceHttp.ReadAsync(context).ConfigureAwait(false);

        int status;
        JsonNode answer;
        BinanceFault? fault = isOrder ? TakeFault() : null;
        lock (Gate)
        {
            long now = _options.ClockMillis();
            _beforeEndpoint?.Invoke(now);
            if (fault?.Kind == BinanceFaultKind.ServerErrorNotApplied)
            {
                // Refused before anything happened, as a venue's front end can.
                endpoint = static (_, _) => (BinanceFault.UnknownError.HttpStatus, BinanceJson.Error(BinanceFault.UnknownError));
            }

            BinanceError? error = Limiter.Admit(now, weight, isOrder);
            BinanceSignedRequest? request = null;
            if (error is null)
            {
                request = BinanceSignedRequest.Parse(query, body, out error);
            }

            error ??= request!.Authenticate(context.Request.Headers["X-MBX-APIKEY"].FirstOrDefault(), _options.ApiKey, _options.Secret, query, body, now);
            (status, answer) = error is null ? endpoint(request!, now) : (error.HttpStatus, BinanceJson.Error(error));
            WriteLimitHeaders(context, isOrder);
        }

        if (fault is not null && !await ApplyFaultAsync(context, fault).ConfigureAwait(false))
        {
            return;
        }

        if (fault?.Kind == BinanceFaultKind.ServerError)
        {
            (status, answer) = (BinanceFault.UnknownError.HttpStatus, BinanceJson.Error(BinanceFault.UnknownError));
        }

        await BinanceHttp.WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    /// <summary>A USER_STREAM endpoint: rate limit, then the API key only (no signature), then the endpoint, under the lock.</summary>
    public async Task KeyedOnly(HttpContext context, int weight, Func<BinanceSignedRequest, long, (int Status, JsonNode Body)> endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        (string query, string body) = await BinanceHttp.ReadAsync(context).ConfigureAwait(false);

        int status;
        JsonNode answer;
        lock (Gate)
        {
            long now = _options.ClockMillis();
            _beforeEndpoint?.Invoke(now);
            BinanceError? error = Limiter.Admit(now, weight, isOrder: false);
            BinanceSignedRequest? request = null;
            if (error is null)
            {
                request = BinanceSignedRequest.Parse(query, body, out error);
            }

            error ??= BinanceHttp.CheckApiKey(context.Request.Headers["X-MBX-APIKEY"].FirstOrDefault(), _options.ApiKey);
            (status, answer) = error is null ? endpoint(request!, now) : (error.HttpStatus, BinanceJson.Error(error));
            WriteLimitHeaders(context, isOrder: false);
        }

        await BinanceHttp.WriteAsync(context, status, answer).ConfigureAwait(false);
    }

    private void WriteLimitHeaders(HttpContext context, bool isOrder)
    {
        context.Response.Headers["X-MBX-USED-WEIGHT-1M"] = Limiter.UsedWeight.ToString(CultureInfo.InvariantCulture);
        if (isOrder)
        {
            context.Response.Headers["X-MBX-ORDER-COUNT-10S"] = Limiter.OrderCount.ToString(CultureInfo.InvariantCulture);
        }
    }

    private BinanceFault? TakeFault()
    {
        lock (_faults)
        {
            if (!_faults.TryDequeue(out BinanceFault? fault))
            {
                return null;
            }

            FaultsApplied++;
            return fault;
        }
    }

    /// <summary>Delays or drops the answer of an applied request; false when there is no answer to write.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext context, BinanceFault fault)
    {
        switch (fault.Kind)
        {
            case BinanceFaultKind.Delay:
                try
                {
                    await Task.Delay(fault.DelayMillis, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up and closed the connection: nobody to answer.
                    return false;
                }

                return !context.RequestAborted.IsCancellationRequested;
            case BinanceFaultKind.Drop:
                context.Abort();
                return false;
            default:
                return true;
        }
    }
}
