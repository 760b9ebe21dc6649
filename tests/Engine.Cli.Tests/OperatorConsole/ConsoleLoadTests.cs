using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Gateways.Admin.LiveFeeds;
using Engine.Host;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// The console under load, over a real engine, the simulated venue gateway (a separate process: orders and fills flow)
/// and the admin gateway with a users file: fifty dashboards on the MessagePack protocol all get their updates while the
/// engine keeps taking inputs and the gateway's queues stay bounded; a client that stops reading does not hold up the
/// others. No timing is asserted: only what arrives and what is kept.
/// </summary>
[TestFixture]
public sealed class ConsoleLoadTests
{
    private const int Dashboards = 50;

    // Refused admin commands sent at once in the slow-client test.
    private const int Burst = 16;

    // Generous: the engine, the gateway and fifty clients share this process (and the machine other builds).
    private const long HeapGrowthBound = 128L * 1024 * 1024;

    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(120);

    private AdminGatewayOverEngine _fixture = null!;
    private ConsoleUsers _users = null!;
    private AdminGateway _gateway = null!;
    private EngineChildProcess _venue = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("console-load");
        _users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        _gateway = await AdminGateway.StartAsync(
            _fixture.Engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions { Listen = "http://127.0.0.1:0", UsersFile = _users.Path, Timeout = TimeSpan.FromSeconds(60) }, TextWriter.Null);
        _venue = new EngineChildProcess("gateway", "sim", "--transport", _fixture.Engine.TransportPath!, "--instruments", Path.Combine(_fixture.Directory, "config", "instruments.json"));
    }

    [TearDown]
    public async Task TearDown()
    {
        _venue.Dispose();
        await _gateway.DisposeAsync();
        await _fixture.DisposeAsync();
    }

    [Test]
    public async Task Fifty_dashboards_all_receive_updates_while_the_engine_keeps_taking_inputs_and_the_gateway_stays_bounded()
    {
        var dashboards = new List<Dashboard>();
        try
        {
            for (int i = 0; i < Dashboards; i++)
            {
                dashboards.Add(new Dashboard(Connect(_users.Tokens["vera"])));
            }

            await Task.WhenAll(dashboards.Select(d => d.Connection.StartAsync()));
            await WaitUntil(() => dashboards.All(d => d.Statuses.Count >= 2 && d.Orders > 0), () => Describe(dashboards));
            long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long sequenceBefore = dashboards.Max(d => d.Statuses.Last().JournalSequence);
            int[] statusesBefore = dashboards.Select(d => d.Statuses.Count).ToArray();

            await WaitUntil(() => dashboards.Select((d, i) => d.Statuses.Count - statusesBefore[i]).Min() >= 3, () => Describe(dashboards));
            long heapAfter = GC.GetTotalMemory(forceFullCollection: true);

            Assert.That(_gateway.ConsoleClients.Count, Is.EqualTo(Dashboards));
            Assert.That(dashboards.All(d => d.Statuses.All(s => s.EngineAttached)), Is.True, "every status says the engine serves the gateway");
            Assert.That(dashboards.Min(d => d.Statuses.Last().JournalSequence), Is.GreaterThan(sequenceBefore), "the engine's journal kept advancing (its inputs flow) with fifty dashboards watching");
            Assert.That(_gateway.ConsoleClients.MostEventsQueued, Is.LessThanOrEqualTo(ConsoleOutbox.EventCapacity));
            Assert.That(heapAfter - heapBefore, Is.LessThan(HeapGrowthBound), $"managed heap {heapBefore / 1024 / 1024} MB -> {heapAfter / 1024 / 1024} MB");
        }
        finally
        {
            foreach (Dashboard dashboard in dashboards)
            {
                await dashboard.Connection.DisposeAsync();
            }
        }
    }

    [Test]
    public async Task A_client_that_stops_reading_does_not_hold_up_the_others_and_its_queue_stays_bounded()
    {
        using var stalled = await StalledClient.ConnectAsync(_gateway.Address, _users.Tokens["vera"]);
        var reader = new Dashboard(Connect(_users.Tokens["vera"]));
        var alerts = new ConcurrentQueue<AlertEvent>();
        reader.Connection.On<AlertEvent>("alert", alerts.Enqueue);
        await using HubConnection connection = reader.Connection;
        await connection.StartAsync();
        await WaitUntil(() => _gateway.ConsoleClients.Count == 2 && reader.Statuses.Count >= 1, () => Describe([reader]));

        // A burst of refused admin commands: each is an alert event for every client. (How the stalled client's own
        // outbox drops and conflates, once its socket and SignalR's buffer are full, is ConsoleOutboxTests'.)
        using var admin = new HttpClient { BaseAddress = _gateway.Address, Timeout = TimeSpan.FromSeconds(120) };
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _users.Tokens["ada"]);
        string padding = new('x', 200);
        long lastSequence = 0;
        for (int sent = 0; sent < 2 * ConsoleOutbox.EventCapacity; sent += Burst)
        {
            long[] sequences = await Task.WhenAll(Enumerable.Range(0, Burst).Select(_ => RefusedCommand(admin, padding)));
            lastSequence = Math.Max(lastSequence, sequences.Max());
        }

        int statusesAfterBurst = reader.Statuses.Count;
        await WaitUntil(
            () => alerts.Any(a => a.Text.Contains($"journal sequence {lastSequence},", StringComparison.Ordinal)) && reader.Statuses.Count >= statusesAfterBurst + 2,
            () => $"alerts {alerts.Count}, statuses {reader.Statuses.Count}, clients {_gateway.ConsoleClients.Count}, stalled client open {stalled.IsOpen}");

        Assert.That(_gateway.ConsoleClients.Count, Is.EqualTo(2), "the stalled client is still connected (it is slow, not gone)");
        Assert.That(stalled.IsOpen, Is.True);
        Assert.That(_gateway.ConsoleClients.MostEventsQueued, Is.LessThanOrEqualTo(ConsoleOutbox.EventCapacity));
    }

    /// <summary>An admin command the engine refuses (no such strategy): one alert event for every console client.</summary>
    private static async Task<long> RefusedCommand(HttpClient admin, string padding)
    {
        using HttpResponseMessage response = await admin.PostAsJsonAsync("/api/strategy-parameter", new { strategy = 999_999, name = "noSuchParameter", value = padding });
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.UnprocessableEntity), await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("journalSequence").GetInt64();
    }

    private HubConnection Connect(string token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_gateway.Address, "/hubs/console"), options => options.Headers["Authorization"] = "Bearer " + token)
            .AddMessagePackProtocol()
            .Build();

    private static string Describe(IReadOnlyList<Dashboard> dashboards) =>
        $"{dashboards.Count} dashboards: fewest statuses {dashboards.Min(d => d.Statuses.Count)}, fewest order events {dashboards.Min(d => d.Orders)}";

    private static async Task WaitUntil(Func<bool> condition, Func<string> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > s_deadline)
            {
                Assert.Fail("not within the deadline: " + describe());
            }

            await Task.Delay(50);
        }
    }

    /// <summary>A dashboard on the MessagePack protocol, counting what it receives.</summary>
    private sealed class Dashboard
    {
        private int _orders;

        public Dashboard(HubConnection connection)
        {
            Connection = connection;
            connection.On<StatusUpdate>("status", Statuses.Enqueue);
            connection.On<OrderEvent>("order", _ => Interlocked.Increment(ref _orders));
        }

        public HubConnection Connection { get; }

        public ConcurrentQueue<StatusUpdate> Statuses { get; } = new();

        public int Orders => Volatile.Read(ref _orders);
    }

    /// <summary>
    /// A console client that completes SignalR's handshake (JSON protocol, over a WebSocket with a small receive buffer)
    /// and then never reads: only pings, so the server keeps it as a slow client rather than a dead one.
    /// </summary>
    private sealed class StalledClient : IDisposable
    {
        private readonly ClientWebSocket _socket;
        private readonly HttpMessageInvoker _invoker;
        private readonly CancellationTokenSource _stop = new();

        private StalledClient(ClientWebSocket socket, HttpMessageInvoker invoker)
        {
            _socket = socket;
            _invoker = invoker;
            _ = Task.Run(Ping);
        }

        public bool IsOpen => _socket.State == WebSocketState.Open;

        public static async Task<StalledClient> ConnectAsync(Uri gateway, string token)
        {
            var handler = new SocketsHttpHandler
            {
                ConnectCallback = async (context, cancellation) =>
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = 4096 };
                    await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                    return new NetworkStream(socket, ownsSocket: true);
                },
            };
            var invoker = new HttpMessageInvoker(handler);
            var socket = new ClientWebSocket();
            socket.Options.SetRequestHeader("Authorization", "Bearer " + token);
            await socket.ConnectAsync(new UriBuilder(gateway) { Scheme = "ws", Path = "/hubs/console" }.Uri, invoker, CancellationToken.None);
            await socket.SendAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            return new StalledClient(socket, invoker);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _socket.Abort();
            _socket.Dispose();
            _invoker.Dispose();
            _stop.Dispose();
        }

        private async Task Ping()
        {
            byte[] ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _stop.Token);
                    await _socket.SendAsync(ping, WebSocketMessageType.Text, endOfMessage: true, _stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
