using System.Collections.Concurrent;
using Engine.Cli.Commands;
using Engine.Cli.Tests.Support;
using Engine.Gateways.Admin;
using Engine.Gateways.Admin.LiveFeeds;
using Engine.Host;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.Cli.Tests.OperatorConsole;

/// <summary>
/// The console hub over a real engine, the simulated venue gateway (a separate process: orders and fills flow) and the
/// admin gateway with a users file: a SignalR client on the MessagePack protocol receives the once-a-second status and
/// the orders and fills as they happen; a client without a user is refused.
/// </summary>
[TestFixture]
public sealed class ConsoleLiveFeedTests
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(60);

    private AdminGatewayOverEngine _fixture = null!;
    private ConsoleUsers _users = null!;
    private AdminGateway _gateway = null!;
    private EngineChildProcess _venue = null!;

    [SetUp]
    public async Task SetUp()
    {
        _fixture = await AdminGatewayOverEngine.StartAsync("console-feed");
        _users = ConsoleUsers.Write(Path.Combine(_fixture.Directory, "users"));
        _gateway = await AdminGateway.StartAsync(
            _fixture.Engine.TransportPath!, AdminCommand.CatalogFor(EngineConfig.Load(Path.Combine(_fixture.Directory, "config", "engine.json"))),
            new AdminGatewayOptions { Listen = "http://127.0.0.1:0", UsersFile = _users.Path }, TextWriter.Null);
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
    public async Task Viewer_receives_the_status_and_market_each_second_and_orders_and_fills_as_they_happen_over_MessagePack()
    {
        var statuses = new ConcurrentQueue<StatusUpdate>();
        var orders = new ConcurrentQueue<OrderEvent>();
        var fills = new ConcurrentQueue<FillEvent>();
        var positions = new ConcurrentQueue<IReadOnlyList<PositionRow>>();
        var market = new ConcurrentQueue<IReadOnlyList<MarketRow>>();
        await using HubConnection connection = Connect(_users.Tokens["vera"]);
        connection.On<StatusUpdate>("status", statuses.Enqueue);
        connection.On<OrderEvent>("order", orders.Enqueue);
        connection.On<FillEvent>("fill", fills.Enqueue);
        connection.On<List<PositionRow>>("positions", positions.Enqueue);
        connection.On<List<MarketRow>>("market", market.Enqueue);

        await connection.StartAsync();
        await WaitUntil(() => statuses.Count >= 2 && !orders.IsEmpty && !fills.IsEmpty && market.Any(m => m.Any(Quoted)), () => $"statuses {statuses.Count}, orders {orders.Count}, fills {fills.Count}; venue: {_venue.Output}");

        StatusUpdate status = statuses.Last();
        Assert.That(status.EngineAttached, Is.True);
        Assert.That(status.StateHash, Has.Length.EqualTo(16));
        Assert.That(status.JournalSequence, Is.Positive);
        Assert.That(status.Accounts, Is.Not.Empty);
        Assert.That(orders.Any(o => o.Kind == "new" && o.Instrument.Length > 0 && o.Side is "buy" or "sell"), Is.True, string.Join("\n", orders));
        Assert.That(fills.First().CauseSequence, Is.Positive);
        Assert.That(positions, Is.Not.Empty);
        MarketRow quoted = market.Last(m => m.Any(Quoted)).First(Quoted);
        Assert.That(Number(quoted.Bid), Is.LessThan(Number(quoted.Ask)), $"{quoted}: the best bid is below the best offer");
        Assert.That(quoted.Instrument, Is.Not.Empty);
    }

    [Test]
    public void Client_without_a_user_is_refused()
    {
        HubConnection connection = Connect(token: null);
        var error = Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.That(error!.StatusCode, Is.EqualTo(System.Net.HttpStatusCode.Unauthorized));
    }

    /// <summary>Both sides of the listing's book have a price (an empty side is "0" at the price's scale).</summary>
    private static bool Quoted(MarketRow row) => Number(row.Bid) > 0 && Number(row.Ask) > 0;

    private static decimal Number(string text) => decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private HubConnection Connect(string? token) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(_gateway.Address, "/hubs/console"), options =>
            {
                if (token is not null)
                {
                    options.Headers["Authorization"] = "Bearer " + token;
                }
            })
            .AddMessagePackProtocol()
            .Build();

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
}
