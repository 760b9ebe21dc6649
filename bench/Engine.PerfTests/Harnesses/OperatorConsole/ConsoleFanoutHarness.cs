using System.Diagnostics;
using Engine.Cli.Commands;
using Engine.Gateways.Admin;
using Engine.Gateways.Admin.LiveFeeds;
using Engine.Host;
using Engine.PerfTests.Harnesses.Core;
using Engine.Transport;
using HdrHistogram;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Engine.PerfTests.Harnesses.OperatorConsole;

/// <summary>
/// The operator console's fan-out: the tick-to-trade script (<see cref="ScriptedVenue"/>: every cycle two quotes and
/// two cancels on egress) runs unpaced through the real engine while the admin gateway, in this process, reads egress
/// and pushes each order event to N SignalR clients on the MessagePack protocol (N = 1, 10, 50), with the once-a-second
/// status the console asks for while someone watches. Reported per N: updates delivered per second (every message the
/// clients received, counted by the clients, from the phase's start until every outbox is drained) and the engine's
/// tick-to-trade with the console attached; the baseline is the same script without any admin gateway, measured just
/// before in the same run. Verified: every message an outbox sent was received, and what a slow client missed is
/// counted as dropped (its outbox keeps only the newest), never lost silently.
/// </summary>
public sealed class ConsoleFanoutHarness : IHarness
{
    private static readonly int[] s_clientCounts = [1, 10, 50];

    public string Name => "console-fanout";

    public string Description =>
        "engine egress (order events) -> admin gateway -> N SignalR MessagePack clients (N = 1, 10, 50): updates/s delivered and tick-to-trade p50/p99 with the console attached; baseline: the same script, no console, same run";

    public void Run(HarnessContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        string root = Path.Combine(Path.GetTempPath(), "engine-console-fanout-" + Guid.NewGuid().ToString("N"));
        try
        {
            EngineConfig config = TickToTradeConfiguration.Write(root, "dedicated", "yielding");
            using EngineHost host = EngineHost.Start(config, _ => { });
            using TransportFile transport = TransportFile.OpenForClient(host.TransportPath!);
            var venue = new ScriptedVenue(transport, host);
            int cycles = context.Quick ? 2_000 : 20_000;
            for (int i = 0; i < (context.Quick ? 500 : 2_000); i++)
            {
                venue.Cycle(null);
            }

            AdminCatalog catalog = AdminCommand.CatalogFor(config);
            foreach (int clients in s_clientCounts)
            {
                TickToTrade alone = Measure(host, venue, cycles);
                Fanout attached = MeasureWithConsole(host, venue, catalog, clients, cycles).GetAwaiter().GetResult();
                context.Log.WriteLine(
                    $"  {clients} clients: {attached.UpdatesPerSecond:N0} updates/s delivered ({attached.Delivered:N0} in {attached.Seconds:F1} s, {attached.EventsDropped:N0} events dropped for slow clients); " +
                    $"tick-to-trade p50 {attached.TickToTrade.P50:F2} us, p99 {attached.TickToTrade.P99:F2} us with the console, p50 {alone.P50:F2} us, p99 {alone.P99:F2} us without");
                context.Report(new HarnessResult($"{Name}-{clients}", attached.UpdatesPerSecond, "updates/s")
                {
                    Extra = new Dictionary<string, double>
                    {
                        ["clients"] = clients,
                        ["delivered"] = attached.Delivered,
                        ["eventsDropped"] = attached.EventsDropped,
                        ["statesReplaced"] = attached.StatesReplaced,
                        ["tickToTradeP50"] = attached.TickToTrade.P50,
                        ["tickToTradeP99"] = attached.TickToTrade.P99,
                        ["tickToTradeP99_9"] = attached.TickToTrade.P99_9,
                        ["baselineTickToTradeP50"] = alone.P50,
                        ["baselineTickToTradeP99"] = alone.P99,
                        ["baselineTickToTradeP99_9"] = alone.P99_9,
                        ["count"] = attached.TickToTrade.Count,
                    },
                });
            }

            host.Stop();
            if (host.Processor.Counters.AccountingBreaks != 0)
            {
                throw new HarnessVerificationException($"accounting breaks: {host.Processor.Counters.AccountingBreaks}");
            }
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static TickToTrade Measure(EngineHost host, ScriptedVenue venue, int cycles)
    {
        host.Publisher.TickToTrade.Reset();
        for (int i = 0; i < cycles; i++)
        {
            venue.Cycle(null);
        }

        LongHistogram histogram = host.Publisher.TickToTrade;
        if (histogram.TotalCount < cycles)
        {
            throw new HarnessVerificationException($"expected at least {cycles} measured orders, got {histogram.TotalCount}");
        }

        return new TickToTrade(histogram.GetValueAtPercentile(50) / 1000.0, histogram.GetValueAtPercentile(99) / 1000.0, histogram.GetValueAtPercentile(99.9) / 1000.0, histogram.TotalCount);
    }

    private static async Task<Fanout> MeasureWithConsole(EngineHost host, ScriptedVenue venue, AdminCatalog catalog, int clientCount, int cycles)
    {
        await using AdminGateway gateway = await AdminGateway.StartAsync(host.TransportPath!, catalog, new AdminGatewayOptions { Listen = "http://127.0.0.1:0" }, TextWriter.Null);
        var received = new long[clientCount];
        var connections = new List<HubConnection>(clientCount);
        try
        {
            for (int i = 0; i < clientCount; i++)
            {
                int index = i;
                HubConnection connection = new HubConnectionBuilder().WithUrl(new Uri(gateway.Address, "/hubs/console")).AddMessagePackProtocol().Build();
                foreach (string method in (string[])["order", "fill", "alert"])
                {
                    connection.On<object>(method, _ => Interlocked.Increment(ref received[index]));
                }

                foreach (string method in (string[])["status", "positions", "risk", "orders", "market"])
                {
                    connection.On<object>(method, _ => Interlocked.Increment(ref received[index]));
                }

                connections.Add(connection);
            }

            await Task.WhenAll(connections.Select(c => c.StartAsync())).ConfigureAwait(false);
            await Until(() => gateway.ConsoleClients.Count == clientCount, "every client connected").ConfigureAwait(false);

            long before = Sum(received);
            long sentBefore = gateway.ConsoleClients.Sent;
            var clock = Stopwatch.StartNew();
            TickToTrade tickToTrade = await Task.Run(() => Measure(host, venue, cycles)).ConfigureAwait(false);
            await Until(() => gateway.ConsoleClients.MostEventsQueued == 0 && Sum(received) - before == gateway.ConsoleClients.Sent - sentBefore, "every sent message received").ConfigureAwait(false);
            double seconds = clock.Elapsed.TotalSeconds;
            long delivered = Sum(received) - before;
            if (delivered == 0 || Array.Exists(received, r => r == 0))
            {
                throw new HarnessVerificationException($"a client received nothing: {string.Join(", ", received)}");
            }

            return new Fanout(delivered, seconds, delivered / seconds, gateway.ConsoleClients.EventsDropped, gateway.ConsoleClients.StatesReplaced, tickToTrade);
        }
        finally
        {
            foreach (HubConnection connection in connections)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static long Sum(long[] counts)
    {
        long sum = 0;
        foreach (ref long count in counts.AsSpan())
        {
            sum += Volatile.Read(ref count);
        }

        return sum;
    }

    private static async Task Until(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new HarnessVerificationException("not within 60 s: " + what);
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    private sealed record TickToTrade(double P50, double P99, double P99_9, long Count);

    private sealed record Fanout(long Delivered, double Seconds, double UpdatesPerSecond, long EventsDropped, long StatesReplaced, TickToTrade TickToTrade);
}
