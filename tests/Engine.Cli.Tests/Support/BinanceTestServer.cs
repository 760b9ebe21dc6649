using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// A local stand-in for Binance (Kestrel on 127.0.0.1, a free port; spot, USD-M or COIN-M: whichever market the
/// recorded session is of) playing a recorded session:
/// <list type="bullet">
/// <item><c>/stream?streams=...</c>: a WebSocket sending the session's messages in Binance's combined-stream
/// framing, one text message each, as fast as the client takes them. With <see cref="DropAfter"/> the first
/// connection is cut abruptly (no close handshake) after that many messages, and every later one resumes
/// <see cref="SkipOnReconnect"/> messages further on: the messages in between are lost, as a venue's are while a
/// client reconnects. After the last message the connection stays open, as Binance's does.</item>
/// <item><c>/api/v3/depth?symbol=BTCUSDT</c> (and <c>/fapi/v1/depth</c>, <c>/dapi/v1/depth</c>): the recorded
/// snapshot until the first reconnect; afterwards the book the server keeps from the recording
/// (<see cref="BinanceServerBook"/>) as it stood once the resumed stream's first depth event was applied, with that
/// event's <c>u</c> as lastUpdateId: a snapshot taken right after it, consistent with the resumed stream in both
/// markets' rules (spot drops that event, <c>u &lt;= lastUpdateId</c>; futures apply it again, <c>U &lt;= lastUpdateId
/// &lt;= u</c>, to the same levels). A snapshot ending exactly before it would do for spot, but futures would find no
/// event holding its lastUpdateId and ask again forever.</item>
/// <item><see cref="ServerScript.LaggingSnapshot"/>: after the reconnect, the book as it stood at the cut, older
/// than anything the resumed stream sends (a REST replica lagging the stream): no snapshot ever fits.</item>
/// <item><see cref="RestFailures"/>: the first so many REST requests are answered 503, to be retried.</item>
/// <item><see cref="FragmentBytes"/>: each message goes in WebSocket fragments of that many bytes, to be
/// reassembled.</item>
/// <item>A refusing server answers both with 503: the WebSocket handshake fails.</item>
/// </list>
/// </summary>
internal sealed class BinanceTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly BinanceRecordedSession _session;
    private readonly byte[] _resumeSnapshot;
    private readonly TaskCompletionSource _snapshotServed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _allSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _streamAttempts;
    private int _connections;
    private int _messagesSent;
    private int _restRequests;
    private int _restFailed;
    private int _restCalls;

    private BinanceTestServer(WebApplication app, BinanceRecordedSession session, ServerScript script)
    {
        _app = app;
        _session = session;
        DropAfter = script.DropAfter;
        SkipOnReconnect = script.SkipOnReconnect;
        Refuse = script.Refuse;
        Mute = script.Mute;
        RestFailures = script.RestFailures;
        FragmentBytes = script.FragmentBytes;
        _resumeSnapshot = DropAfter is not { } cut ? session.Snapshot
            : script.LaggingSnapshot ? session.BookBefore(cut).ToSnapshotJson(1_000)
            : session.BookBefore(session.FirstDepthAtOrAfter(ResumeAt) + 1).ToSnapshotJson(1_000);
    }

    public int? DropAfter { get; }

    public int SkipOnReconnect { get; }

    public bool Refuse { get; }

    /// <summary>Accepts WebSockets and sends nothing on them.</summary>
    public bool Mute { get; }

    public int RestFailures { get; }

    public int FragmentBytes { get; }

    /// <summary>Where a reconnecting client's stream resumes.</summary>
    public int ResumeAt => (DropAfter ?? 0) + SkipOnReconnect;

    public Uri WebSocketBase { get; private set; } = null!;

    public Uri RestBase { get; private set; } = null!;

    /// <summary>Requests to <c>/stream</c>, accepted or refused.</summary>
    public int StreamAttempts => Volatile.Read(ref _streamAttempts);

    /// <summary>WebSocket connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public int MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>REST depth requests answered with a snapshot.</summary>
    public int RestResponses => Volatile.Read(ref _restRequests);

    /// <summary>REST depth requests answered 503 (<see cref="RestFailures"/>).</summary>
    public int RestFailed => Volatile.Read(ref _restFailed);

    /// <summary>The query string of the last stream connection (which streams the client subscribed to).</summary>
    public string? StreamQuery { get; private set; }

    /// <summary>Set once a connection has sent the session's last message.</summary>
    public bool AllSent => _allSent.Task.IsCompleted;

    public static async Task<BinanceTestServer> StartAsync(BinanceRecordedSession session, ServerScript? script = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new BinanceTestServer(app, session, script ?? new ServerScript());
        app.UseWebSockets();
        app.Map("/stream", server.StreamAsync);
        app.MapGet("/api/v3/depth", server.DepthAsync);
        app.MapGet("/fapi/v1/depth", server.DepthAsync);
        app.MapGet("/dapi/v1/depth", server.DepthAsync);
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.RestBase = new Uri($"http://{bound.Authority}");
        server.WebSocketBase = new Uri($"ws://{bound.Authority}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task StreamAsync(HttpContext context)
    {
        Interlocked.Increment(ref _streamAttempts);
        if (Refuse || !context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        StreamQuery = context.Request.QueryString.Value;
        int connection = Interlocked.Increment(ref _connections);
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        bool cut = connection == 1 && DropAfter is not null;
        int start = connection == 1 ? 0 : ResumeAt;
        int end = Mute ? start : cut ? DropAfter!.Value : _session.Messages.Count;
        CancellationToken aborted = context.RequestAborted;
        try
        {
            for (int i = start; i < end; i++)
            {
                await SendAsync(socket, _session.Messages[i], aborted);
                Interlocked.Increment(ref _messagesSent);
            }

            if (cut)
            {
                // The client's first book was live (its snapshot served) before the cut, so the cut is a gap in a
                // live book. Then the connection goes without a close handshake, as a venue's does when it fails.
                await _snapshotServed.Task.WaitAsync(TimeSpan.FromSeconds(30), aborted);
                context.Abort();
                return;
            }

            _allSent.TrySetResult();
            byte[] buffer = new byte[1024];
            while (true)
            {
                WebSocketReceiveResult received = await socket.ReceiveAsync(buffer, aborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
            // The client went (or the server stops).
        }
    }

    private async Task DepthAsync(HttpContext context)
    {
        if (Refuse)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (context.Request.Query["symbol"] != _session.Symbol)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
            return;
        }

        if (Interlocked.Increment(ref _restCalls) <= RestFailures)
        {
            Interlocked.Increment(ref _restFailed);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        Interlocked.Increment(ref _restRequests);
        byte[] body = Connections >= 2 ? _resumeSnapshot : _session.Snapshot;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(body);
        _snapshotServed.TrySetResult();
    }

    private async Task SendAsync(WebSocket socket, byte[] message, CancellationToken token)
    {
        if (FragmentBytes <= 0)
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token);
            return;
        }

        for (int offset = 0; offset < message.Length; offset += FragmentBytes)
        {
            int length = Math.Min(FragmentBytes, message.Length - offset);
            await socket.SendAsync(message.AsMemory(offset, length), WebSocketMessageType.Text, endOfMessage: offset + length == message.Length, token);
        }
    }
}
