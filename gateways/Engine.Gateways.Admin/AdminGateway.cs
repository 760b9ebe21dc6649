using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Engine.Gateways.Admin.Access;
using Engine.Gateways.Admin.Audit;
using Engine.Gateways.Admin.LiveFeeds;
using Engine.Gateways.Admin.Telemetry;
using Engine.Gateways.Admin.Users;
using Engine.Gateways.Hosting.Connection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Codecs = Engine.Codecs;

namespace Engine.Gateways.Admin;

/// <summary>
/// The thin admin gateway: an HTTP/JSON API for operators over a running engine. Every command becomes a journaled
/// admin input (so it is audited and replayed like everything else) and is answered with what the engine did:
/// <code>
///   GET  /api/status                 switches, counters, accounts, cash, positions, limits and open orders (EngineStatus)
///   GET  /api/health                 whether an engine serves the gateway: "attached" (200) or "waiting for engine" (503)
///   POST /api/kill-switch            {"scope":"all|account|instrument|strategy", ..., "action":"engage|release", "reason":"..."}
///   POST /api/cancel-all             {"account":1 | "allAccounts":true, "instrument":"BTC-USDT", "side":"buy|sell"}
///   POST /api/cancel-order           {"order":42, "account":1}   (one open order; account optional)
///   POST /api/reconcile              {"venue":"BINANCE"}   (venue gateways reconcile now; every venue without one)
///   POST /api/limits                 {"limit":"maxOrderSize", "value":"0.5", "instrument":"BTC-USDT"}
///   POST /api/trading-state          {"scope":"global|account|instrument", ..., "state":"active|reduce-only|halted"}
///   POST /api/heartbeat              {"timeoutMillis":30000}   (the dead-man switch)
///   POST /api/funds                  {"account":1, "asset":"USDT", "amount":"1000", "direction":"deposit|withdrawal"}
///   POST /api/strategy-parameter     {"strategy":1, "name":"halfSpreadTicks", "value":"50"}
///   POST /api/snapshot               {}
/// </code>
/// Answers: 200 with <c>{"applied":true,"journalSequence":N,"affected":K}</c>; 422 with <c>applied:false</c>, the
/// engine's result code and its reason; 400 naming the field of a bad request; 401 without the bearer token; 503 at
/// once while no engine serves the gateway (it reattaches by itself when the engine is back); 504 when the engine does
/// not answer in time. Listening beyond loopback requires a token.
/// </summary>
public sealed partial class AdminGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EngineLink _engine;
    private readonly AdminCatalog _catalog;
    private readonly AdminGatewayOptions _options;
    private readonly AdminAccess _access;
    private readonly EngineTelemetry _telemetry;
    private readonly ConsoleMetrics _metrics;
    private readonly ConsoleFeed _feed;

    private AdminGateway(WebApplication app, EngineLink engine, AdminCatalog catalog, AdminGatewayOptions options, AdminAccess access)
    {
        _app = app;
        _engine = engine;
        _catalog = catalog;
        _options = options;
        _access = access;
        _telemetry = new EngineTelemetry(engine.TransportPath, options.TimeProvider);
        ConsoleClients = app.Services.GetRequiredService<ConsoleClients>();
        _metrics = new ConsoleMetrics(_telemetry, () => engine.IsAttached, () => engine.Attachments, ConsoleClients);
        engine.AddObserver(_metrics);
        _feed = new ConsoleFeed(
            ConsoleClients, catalog, _telemetry,
            () => engine.IsAttached, () => engine.Attachments, AskStatusForFeed);
        engine.AddObserver(_feed);
    }

    /// <summary>The address it listens on (with the real port when the options asked for port 0).</summary>
    public Uri Address { get; private set; } = null!;

    public string TransportPath => _engine.TransportPath;

    /// <summary>The console's connected clients and their outboxes (how much each has waiting, what slow ones dropped).</summary>
    public ConsoleClients ConsoleClients { get; }

    /// <summary>Attaches to the engine's transport file and starts listening.</summary>
    public static async Task<AdminGateway> StartAsync(string transportPath, AdminCatalog catalog, AdminGatewayOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        UserDirectory? users = LoadUsers(options, log);
        X509Certificate2? certificate = LoadCertificate(options);
        Uri listen = CheckListen(options, users, certificate);
        EngineLink engine = EngineLink.Attach(transportPath, "admin:" + options.Principal.ToString(System.Globalization.CultureInfo.InvariantCulture), log);
        try
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(listen.GetLeftPart(UriPartial.Authority));
            if (certificate is not null)
            {
                // The slim builder leaves https out unless asked for.
                builder.WebHost.UseKestrelHttpsConfiguration();
            }

            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
                if (certificate is not null)
                {
                    kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate);
                }
            });
            AddSessions(builder.Services, options);
            WebApplication app = builder.Build();
            var gateway = new AdminGateway(app, engine, catalog, options, new AdminAccess(users, options.Token, options));
            gateway.Map();
            await app.StartAsync().ConfigureAwait(false);
            string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            gateway.Address = new Uri(bound);
            return gateway;
        }
        catch
        {
            engine.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _feed.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _engine.Dispose();
    }

    private void Map()
    {
        _app.Use((context, next) => _access.InvokeAsync(context, next));
        _app.MapPost("/api/login", _access.Login);
        _app.MapPost("/api/logout", _access.Logout);
        _app.MapGet("/api/session", _access.Session);
        _app.MapGet("/api/status", Status);
        _app.MapGet("/api/audit", new AuditTrail(_options.AuditTrail, () => _access.Users).Handle);
        _app.MapGet("/api/health", Health);
        _app.MapHub<ConsoleHub>("/hubs/console");
        _app.MapGet("/", ConsolePage.Index);
        _app.MapGet("/console/{file}", ConsolePage.File);
        _app.MapGet("/health", Readiness);
        _app.MapGet("/metrics", Metrics);
        MapCommand("/api/kill-switch", (body, time, principal) => AdminRequests.KillSwitch(body, _catalog, time, principal));
        MapCommand("/api/cancel-all", (body, time, _) => AdminRequests.CancelAll(body, _catalog, time));
        MapCommand("/api/cancel-order", (body, time, principal) => AdminRequests.CancelOrder(body, time, principal));
        MapCommand("/api/reconcile", (body, time, principal) => AdminRequests.Reconcile(body, _catalog, time, principal));
        MapCommand("/api/limits", (body, time, principal) => AdminRequests.RiskLimit(body, _catalog, time, principal));
        MapCommand("/api/trading-state", (body, time, principal) => AdminRequests.TradingState(body, _catalog, time, principal));
        MapCommand("/api/heartbeat", (body, time, principal) => AdminRequests.Heartbeat(body, time, principal));
        MapCommand("/api/funds", (body, time, principal) => AdminRequests.Funds(body, _catalog, time, principal));
        MapCommand("/api/strategy-parameter", (body, time, principal) => AdminRequests.StrategyParameter(body, time, principal));
        MapCommand("/api/snapshot", (_, time, principal) => AdminRequests.Snapshot(time, principal));
        _app.MapFallback(context => AdminResponses.Error(context, StatusCodes.Status404NotFound, $"no such endpoint: {context.Request.Method} {context.Request.Path} (see GET /api/status and the POST /api/... commands)"));
    }

    /// <summary>The principal journaled for a request: its user's, or the gateway's own without a users file.</summary>
    private uint PrincipalOf(HttpContext context) => AdminAccess.UserOf(context)?.Principal ?? _options.Principal;

    private async Task Status(HttpContext context)
    {
        long time = _engine.NextRequestTime();
        EncodedRequest request = AdminRequests.Status(time, time, PrincipalOf(context));
        byte[]? answer = await Ask(context, request, time, statusRequestId: time).ConfigureAwait(false);
        if (answer is null)
        {
            return;
        }

        await AdminResponses.Json(context, StatusCodes.Status200OK, json => EngineStatusJson.Write(json, answer, _catalog, _engine.TransportPath)).ConfigureAwait(false);
    }

    /// <summary>The live feed's once-a-second status request, as the gateway's own principal; null when unanswered.</summary>
    private async Task<byte[]?> AskStatusForFeed(CancellationToken cancellation)
    {
        long time = _engine.NextRequestTime();
        EncodedRequest request = AdminRequests.Status(time, time, _options.Principal);
        return await _engine.RequestAsync(request.TemplateId, request.Frame, time, time, _options.Timeout, cancellation).ConfigureAwait(false);
    }

    /// <summary>
    /// GET /health: liveness (the gateway answers) and readiness (an engine serves it and its journal is advancing, by
    /// the host's once-a-second publication): 200 when ready, 503 otherwise. Nothing is asked of the engine.
    /// </summary>
    private Task Readiness(HttpContext context)
    {
        bool attached = _engine.IsAttached;
        GatewayStopReason? lost = _engine.StopReason;
        EngineProgressReading? reading = attached ? _telemetry.Current : null;
        bool advancing = reading is { JournalAdvancing: true };
        bool ready = attached && advancing;
        return AdminResponses.Json(context, ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteStartObject();
            json.WriteBoolean("live", true);
            json.WriteBoolean("ready", ready);
            json.WriteString("engine", attached ? "attached" : "waiting for engine");
            if (lost is { } reason)
            {
                json.WriteString("reason", EngineGoneException.Describe(reason));
            }

            json.WriteBoolean("journalAdvancing", advancing);
            if (reading is not null)
            {
                json.WriteNumber("journalSequence", reading.JournalSequence);
                json.WriteNumber("inputsPerSecond", Math.Round(reading.InputsPerSecond, 1));
                json.WriteString("published", reading.Time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (attached)
            {
                json.WriteString("why", "the engine host has published no progress yet (it does once a second)");
            }

            json.WriteEndObject();
        });
    }

    /// <summary>GET /metrics: Prometheus' text format (see <see cref="ConsoleMetrics"/>).</summary>
    private async Task Metrics(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await _metrics.WriteAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The gateway's own view, without asking the engine: attached to one, or waiting for one (and why).</summary>
    private Task Health(HttpContext context)
    {
        bool attached = _engine.IsAttached;
        GatewayStopReason? lost = _engine.StopReason;
        long attachments = _engine.Attachments;
        return AdminResponses.Json(context, attached ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
        {
            json.WriteStartObject();
            json.WriteString("engine", attached ? "attached" : "waiting for engine");
            json.WriteString("transport", _engine.TransportPath);
            json.WriteNumber("attachments", attachments);
            if (lost is { } reason)
            {
                json.WriteString("reason", EngineGoneException.Describe(reason));
            }

            json.WriteEndObject();
        });
    }

    private void MapCommand(string path, Func<JsonElement, long, uint, EncodedRequest> encode) =>
        _app.MapPost(path, async context =>
        {
            long time = _engine.NextRequestTime();
            EncodedRequest request;
            try
            {
                using JsonDocument body = await AdminResponses.ReadBody(context.Request).ConfigureAwait(false);
                request = encode(body.RootElement, time, PrincipalOf(context));
            }
            catch (AdminRequestException e)
            {
                await AdminResponses.Error(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
                return;
            }
            catch (BadHttpRequestException e)
            {
                await AdminResponses.Error(context, e.StatusCode, $"request body: {e.Message} (at most {_options.MaxRequestBodyBytes} bytes)").ConfigureAwait(false);
                return;
            }

            byte[]? answer = await Ask(context, request, time, statusRequestId: null).ConfigureAwait(false);
            if (answer is null)
            {
                return;
            }

            var result = Codecs.AdminResultDecoder.WrapWithHeader(answer, 0);
            bool applied = result.Applied == Codecs.BooleanType.True;
            ulong sequence = result.JournalSequence;
            uint affected = result.Affected;
            Codecs.ResultCode code = result.Result;
            string reason = result.TextAsString();
            await AdminResponses.Json(context, applied ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, json =>
            {
                json.WriteStartObject();
                json.WriteBoolean("applied", applied);
                json.WriteNumber("journalSequence", sequence);
                json.WriteNumber("affected", affected);
                if (!applied)
                {
                    json.WriteString("result", code.ToString());
                    json.WriteNumber("resultCode", (ushort)code);
                    json.WriteString("reason", reason);
                }

                json.WriteEndObject();
            }).ConfigureAwait(false);
        });

    /// <summary>
    /// Sends the request and returns the engine's answer; or answers the HTTP request itself and returns null: 504 when
    /// no answer came in time, 503 when the engine no longer serves the gateway.
    /// </summary>
    private async Task<byte[]?> Ask(HttpContext context, EncodedRequest request, long time, long? statusRequestId)
    {
        byte[]? answer;
        try
        {
            answer = await _engine.RequestAsync(request.TemplateId, request.Frame, time, statusRequestId, _options.Timeout, context.RequestAborted).ConfigureAwait(false);
        }
        catch (EngineGoneException e)
        {
            await AdminResponses.Error(context, StatusCodes.Status503ServiceUnavailable, e.Message).ConfigureAwait(false);
            return null;
        }

        if (answer is null)
        {
            await AdminResponses.Error(context, StatusCodes.Status504GatewayTimeout, $"the engine did not answer within {_options.Timeout.TotalSeconds:0.#} s (is it behind?); the request may still be applied: check /api/status").ConfigureAwait(false);
        }

        return answer;
    }
}
