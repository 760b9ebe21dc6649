using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
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
public sealed class AdminGateway : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EngineLink _engine;
    private readonly AdminCatalog _catalog;
    private readonly AdminGatewayOptions _options;
    private readonly byte[]? _token;

    private AdminGateway(WebApplication app, EngineLink engine, AdminCatalog catalog, AdminGatewayOptions options)
    {
        _app = app;
        _engine = engine;
        _catalog = catalog;
        _options = options;
        _token = options.Token is null ? null : Encoding.UTF8.GetBytes(options.Token);
    }

    /// <summary>The address it listens on (with the real port when the options asked for port 0).</summary>
    public Uri Address { get; private set; } = null!;

    public string TransportPath => _engine.TransportPath;

    /// <summary>Attaches to the engine's transport file and starts listening.</summary>
    public static async Task<AdminGateway> StartAsync(string transportPath, AdminCatalog catalog, AdminGatewayOptions options, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(transportPath);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        Uri listen = CheckListen(options);
        EngineLink engine = EngineLink.Attach(transportPath, "admin:" + options.Principal.ToString(System.Globalization.CultureInfo.InvariantCulture), log);
        try
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls(listen.GetLeftPart(UriPartial.Authority));
            WebApplication app = builder.Build();
            var gateway = new AdminGateway(app, engine, catalog, options);
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
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _engine.Dispose();
    }

    private static Uri CheckListen(AdminGatewayOptions options)
    {
        if (!Uri.TryCreate(options.Listen, UriKind.Absolute, out Uri? listen) || listen.Scheme != Uri.UriSchemeHttp)
        {
            throw new AdminRequestException($"--listen '{options.Listen}' is not an http:// URL (for example http://127.0.0.1:8080)");
        }

        bool loopback = listen.IsLoopback || (IPAddress.TryParse(listen.Host, out IPAddress? address) && IPAddress.IsLoopback(address));
        if (!loopback && string.IsNullOrEmpty(options.Token))
        {
            throw new AdminRequestException($"--listen {options.Listen} is reachable from other machines: give a token (--token-file) so only operators can act");
        }

        return listen;
    }

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            if (!Authorized(context.Request))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await WriteError(context, StatusCodes.Status401Unauthorized, "missing or wrong bearer token").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        _app.MapGet("/api/status", Status);
        _app.MapGet("/api/health", Health);
        MapCommand("/api/kill-switch", (body, time) => AdminRequests.KillSwitch(body, _catalog, time, _options.Principal));
        MapCommand("/api/cancel-all", (body, time) => AdminRequests.CancelAll(body, _catalog, time));
        MapCommand("/api/limits", (body, time) => AdminRequests.RiskLimit(body, _catalog, time, _options.Principal));
        MapCommand("/api/trading-state", (body, time) => AdminRequests.TradingState(body, _catalog, time, _options.Principal));
        MapCommand("/api/heartbeat", (body, time) => AdminRequests.Heartbeat(body, time, _options.Principal));
        MapCommand("/api/funds", (body, time) => AdminRequests.Funds(body, _catalog, time, _options.Principal));
        MapCommand("/api/strategy-parameter", (body, time) => AdminRequests.StrategyParameter(body, time, _options.Principal));
        MapCommand("/api/snapshot", (_, time) => AdminRequests.Snapshot(time, _options.Principal));
        _app.MapFallback(context => WriteError(context, StatusCodes.Status404NotFound, $"no such endpoint: {context.Request.Method} {context.Request.Path} (see GET /api/status and the POST /api/... commands)"));
    }

    private bool Authorized(HttpRequest request)
    {
        if (_token is null)
        {
            return true;
        }

        string header = request.Headers.Authorization.ToString();
        const string Prefix = "Bearer ";
        if (!header.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        byte[] given = Encoding.UTF8.GetBytes(header[Prefix.Length..].Trim());
        return CryptographicOperations.FixedTimeEquals(given, _token);
    }

    private async Task Status(HttpContext context)
    {
        long time = _engine.NextRequestTime();
        EncodedRequest request = AdminRequests.Status(time, time, _options.Principal);
        byte[]? answer = await Ask(context, request, time, statusRequestId: time).ConfigureAwait(false);
        if (answer is null)
        {
            return;
        }

        await WriteJson(context, StatusCodes.Status200OK, json => EngineStatusJson.Write(json, answer, _catalog, _engine.TransportPath)).ConfigureAwait(false);
    }

    /// <summary>The gateway's own view, without asking the engine: attached to one, or waiting for one (and why).</summary>
    private Task Health(HttpContext context)
    {
        bool attached = _engine.IsAttached;
        GatewayStopReason? lost = _engine.StopReason;
        long attachments = _engine.Attachments;
        return WriteJson(context, attached ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable, json =>
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

    private void MapCommand(string path, Func<JsonElement, long, EncodedRequest> encode) =>
        _app.MapPost(path, async context =>
        {
            long time = _engine.NextRequestTime();
            EncodedRequest request;
            try
            {
                using JsonDocument body = await ReadBody(context.Request).ConfigureAwait(false);
                request = encode(body.RootElement, time);
            }
            catch (AdminRequestException e)
            {
                await WriteError(context, StatusCodes.Status400BadRequest, e.Message).ConfigureAwait(false);
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
            await WriteJson(context, applied ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity, json =>
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

    /// <summary>The JSON body (an empty body is an empty object); malformed JSON names the line and position.</summary>
    private static async Task<JsonDocument> ReadBody(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer).ConfigureAwait(false);
        if (buffer.Length == 0)
        {
            return JsonDocument.Parse("{}");
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        }
        catch (JsonException e)
        {
            throw new AdminRequestException($"request body: not JSON: {e.Message}");
        }
    }

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
            await WriteError(context, StatusCodes.Status503ServiceUnavailable, e.Message).ConfigureAwait(false);
            return null;
        }

        if (answer is null)
        {
            await WriteError(context, StatusCodes.Status504GatewayTimeout, $"the engine did not answer within {_options.Timeout.TotalSeconds:0.#} s (is it behind?); the request may still be applied: check /api/status").ConfigureAwait(false);
        }

        return answer;
    }

    private static Task WriteError(HttpContext context, int status, string message) =>
        WriteJson(context, status, json =>
        {
            json.WriteStartObject();
            json.WriteString("error", message);
            json.WriteEndObject();
        });

    private static async Task WriteJson(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new MemoryStream();
        await using (buffer.ConfigureAwait(false))
        {
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                write(json);
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
        }
    }
}
