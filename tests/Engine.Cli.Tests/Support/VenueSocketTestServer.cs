using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Engine.Gateways.Venues.Recordings;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Engine.Cli.Tests.Support;

/// <summary>
/// A local stand-in for a venue whose books start from a snapshot pushed on subscribing (OKX, Bybit, Kraken,
/// Coinbase, Deribit): Kestrel on 127.0.0.1 (a free port), one WebSocket endpoint at <c>/ws</c> playing a cryptofeed
/// transcript's received frames, one text message each, once the client has sent its first message (a venue sends
/// market data only to subscribers). Every text message the client sends is kept, per connection.
/// <list type="bullet">
/// <item>Connection 1, with <see cref="VenueSocketScript.DropAfter"/>: the first so many messages, with
/// <see cref="VenueSocketScript.Tamper"/> applied (a message left out for a gap, or a checksum changed); then, with
/// <see cref="VenueSocketScript.AwaitResubscribe"/>, it waits for the client to resubscribe a book (an
/// <c>unsubscribe</c> message and a subscribe after it); then the connection is cut without a close handshake, as a failing venue's is.</item>
/// <item>The first connection that is not cut: the whole transcript, then a normal close (every message before it
/// has arrived once the client sees the close).</item>
/// <item>Every later connection: silent, except <see cref="VenueSocketScript.Probe"/> sent once (Deribit's
/// test_request); the client's keep-alives are what arrives.</item>
/// <item>OKX's text <c>ping</c> is answered with <c>pong</c>, as OKX does.</item>
/// </list>
/// </summary>
internal sealed class VenueSocketTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IReadOnlyList<byte[]> _messages;
    private readonly VenueSocketScript _script;
    private readonly ConcurrentDictionary<int, ConcurrentQueue<string>> _received = new();
    private int _connections;
    private int _messagesSent;

    private VenueSocketTestServer(WebApplication app, IReadOnlyList<byte[]> messages, VenueSocketScript script)
    {
        _app = app;
        _messages = messages;
        _script = script;
    }

    public Uri Url { get; private set; } = null!;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Transcript messages sent, over every connection.</summary>
    public int MessagesSent => Volatile.Read(ref _messagesSent);

    /// <summary>The transcript's received WebSocket frames, in order.</summary>
    public static IReadOnlyList<byte[]> LoadTranscript(string file)
    {
        var messages = new List<byte[]>();
        RecordingReader.Read([file], (in RecordedFrame frame) =>
        {
            if (frame.Kind == RecordedFrameKind.WebSocket)
            {
                messages.Add(frame.Payload.ToArray());
            }
        });
        return messages;
    }

    public static async Task<VenueSocketTestServer> StartAsync(IReadOnlyList<byte[]> messages, VenueSocketScript script)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        WebApplication app = builder.Build();
        var server = new VenueSocketTestServer(app, messages, script);
        app.UseWebSockets();
        app.Map("/ws", server.ServeAsync);
        await app.StartAsync();
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        server.Url = new Uri($"ws://{bound.Authority}/ws");
        return server;
    }

    /// <summary>The text messages the client sent on connection <paramref name="connection"/> (1-based), so far.</summary>
    public IReadOnlyList<string> ReceivedOn(int connection) => _received.TryGetValue(connection, out ConcurrentQueue<string>? queue) ? [.. queue] : [];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        int connection = Interlocked.Increment(ref _connections);
        var received = _received.GetOrAdd(connection, _ => new ConcurrentQueue<string>());
        using WebSocket socket = await context.WebSockets.AcceptWebSocketAsync();
        CancellationToken aborted = context.RequestAborted;
        var sendGate = new SemaphoreSlim(1, 1);
        var firstMessage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task reading = ReadAsync(socket, received, firstMessage, sendGate, aborted);
        bool cut = connection == 1 && _script.DropAfter is not null;
        bool plays = cut || connection == (_script.DropAfter is null ? 1 : 2);
        try
        {
            await firstMessage.Task.WaitAsync(TimeSpan.FromSeconds(30), aborted);
            if (plays)
            {
                int end = cut ? _script.DropAfter!.Value : _messages.Count;
                for (int i = 0; i < end; i++)
                {
                    byte[]? message = cut && _script.Tamper is { } tamper ? tamper(i, _messages[i]) : _messages[i];
                    if (message is not null)
                    {
                        await SendAsync(socket, sendGate, message, aborted);
                        Interlocked.Increment(ref _messagesSent);
                    }
                }

                if (cut)
                {
                    var waited = System.Diagnostics.Stopwatch.StartNew();
                    while (_script.AwaitResubscribe && !Resubscribed([.. received]) && waited.Elapsed < TimeSpan.FromSeconds(30))
                    {
                        await Task.Delay(10, aborted);
                    }

                    context.Abort();
                    return;
                }

                await sendGate.WaitAsync(aborted);
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "transcript done", aborted);
                sendGate.Release();
                await reading;
                return;
            }

            if (_script.Probe is { } probe)
            {
                await SendAsync(socket, sendGate, Encoding.UTF8.GetBytes(probe), aborted);
            }

            await reading;
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or TimeoutException)
        {
            // The client went (or the server stops).
        }
    }

    /// <summary>An unsubscribe and, after it, the subscribe that asks for the book again.</summary>
    private static bool Resubscribed(string[] received)
    {
        int unsubscribe = Array.FindIndex(received, m => m.Contains("unsubscribe", StringComparison.Ordinal));
        return unsubscribe >= 0 && received.Skip(unsubscribe + 1).Any(m => m.Contains("subscribe", StringComparison.Ordinal));
    }

    private static async Task ReadAsync(WebSocket socket, ConcurrentQueue<string> received, TaskCompletionSource firstMessage, SemaphoreSlim sendGate, CancellationToken token)
    {
        byte[] buffer = new byte[1 << 20];     // a client's messages are subscriptions and pings: far smaller
        try
        {
            while (true)
            {
                int filled = 0;
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, filled, buffer.Length - filled), token);
                    filled += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                string text = Encoding.UTF8.GetString(buffer, 0, filled);
                received.Enqueue(text);
                firstMessage.TrySetResult();
                if (text == "ping")
                {
                    await SendAsync(socket, sendGate, "pong"u8.ToArray(), token);
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The connection ended.
        }
    }

    private static async Task SendAsync(WebSocket socket, SemaphoreSlim gate, byte[] message, CancellationToken token)
    {
        await gate.WaitAsync(token);
        try
        {
            await socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, token);
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>How a <see cref="VenueSocketTestServer"/> misbehaves (by default it plays the transcript once and closes).</summary>
/// <param name="DropAfter">Cut the first connection after this many transcript messages; the second plays it all.</param>
/// <param name="Tamper">On the cut connection: the message to send instead of message i (null: leave it out).</param>
/// <param name="AwaitResubscribe">Before the cut, wait for the client to resubscribe a book (it found the gap).</param>
/// <param name="Probe">Sent once on every connection after the transcript's (Deribit's heartbeat test_request).</param>
internal sealed record VenueSocketScript(int? DropAfter = null, Func<int, byte[], byte[]?>? Tamper = null, bool AwaitResubscribe = false, string? Probe = null);
