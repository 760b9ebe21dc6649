using System.CommandLine;
using System.Runtime.InteropServices;
using Engine.Gateways.Hosting.Connection;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.Deribit.OrderEntry;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Verification;
using Engine.Model;
using Engine.Transport;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine gateway venue</c>: a real venue's market data as a gateway process attached to a running engine's
/// transport file: the venue's feed (parser, sequencing, checksums) turning its messages into the engine's SBE
/// inputs. Without <c>--replay</c> it connects to the venue (every venue: Binance's three markets with REST snapshots, the
/// others subscribing over their WebSocket; <c>--ws-url</c> and, for Binance, <c>--rest-url</c> point it elsewhere, a test server), reconnects on its own, and runs until stopped (SIGTERM,
/// Ctrl+C) or the engine goes; <c>--record</c> writes what it received to a recording the verifier and
/// <c>--replay</c> read. <c>--replay</c> feeds recordings instead of a connection, as fast as the engine takes them
/// or paced by their receive times, and stops when they are done. Exit 0 on a normal end, 1 when it cannot attach
/// or the engine declared it dead, 2 on bad arguments.
/// </summary>
public static class VenueGatewayCommand
{
    public static Command Create(TextWriter output)
    {
        var venue = new Option<string>("--venue") { Description = $"The venue's feed: {string.Join(", ", VenueFeeds.Names)}.", Required = true };
        var instruments = new Option<string>("--instruments") { Description = "Engine instruments to follow, comma-separated (for example BTC-USDT,ETH-USDT).", Required = true };
        var transport = new Option<FileInfo>("--transport") { Description = "The engine's transport file (for example /dev/shm/engine-ipc).", Required = true };
        var config = new Option<FileInfo>("--instrument-config")
        {
            Description = "Instrument config: the venue's listings give the symbols and scales.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("config", "instruments.json")),
        };
        var replay = new Option<FileInfo[]>("--replay")
        {
            Description = "Recordings to feed instead of a live connection, in order (formats as in 'engine venue verify').",
            AllowMultipleArgumentsPerToken = true,
        };
        var speed = new Option<double>("--speed")
        {
            Description = "With --replay: pace the frames by their receive times at this speed (1: as recorded); 0: as fast as the engine takes them.",
            DefaultValueFactory = _ => 0,
        };
        var engineTimeout = new Option<double>("--engine-timeout") { Description = "Seconds without an engine heartbeat after which the gateway stops.", DefaultValueFactory = _ => 5 };
        var wsUrl = new Option<string?>("--ws-url") { Description = "Live: the venue's WebSocket base (Binance) or URL (the others) instead of its production one (for example ws://127.0.0.1:5000)." };
        var restUrl = new Option<string?>("--rest-url") { Description = "Live, Binance only: the venue's REST base instead of its production one (for example http://127.0.0.1:5000)." };
        var record = new Option<DirectoryInfo?>("--record") { Description = "Live: also write every frame received, with its receive time, to DIR/<venue>-<UTC yyyyMMdd-HHmmss>.gz." };
        var maxSilence = new Option<double>("--max-silence") { Description = "Live: seconds a book may hear nothing before it is declared stale.", DefaultValueFactory = _ => 10 };
        var stallTimeout = new Option<double>("--stall-timeout") { Description = "Live: seconds a connection may deliver nothing before it is dropped and reopened.", DefaultValueFactory = _ => 60 };
        var orderRestUrl = new Option<string?>("--order-rest-url") { Description = "Live binance or binance-usdm: also send the engine's orders to this Binance REST base (spot or USD-M; plain http in this build: 'engine venue-sim'), and report their executions." };
        var orderWsUrl = new Option<string?>("--order-ws-url") { Description = "With --order-rest-url: the user data stream's WebSocket base (default ws:// of the REST host). Live deribit: send the engine's orders over Deribit's JSON-RPC WebSocket at this URL (e.g. ws://127.0.0.1:9200/ws/api/v2 of 'engine venue-sim --venue deribit')." };
        var credentials = new Option<FileInfo?>("--credentials")
        {
            Description = $"With --order-rest-url: a JSON file {{\"apiKey\": ..., \"secret\": ...}} readable by its owner only (mode 0600); else the environment variables {VenueGatewaySettings.ApiKeyVariable} and {VenueGatewaySettings.SecretVariable}. Live deribit: its client id and secret in the same form, for the raw book channel and for order entry with --order-ws-url (else {VenueGatewaySettings.DeribitClientIdVariable} and {VenueGatewaySettings.DeribitClientSecretVariable}; neither: the public 100ms books).",
        };
        var countdown = new Option<long>("--countdown-ms")
        {
            Description = "With --order-rest-url on binance-usdm: keep Binance's countdown cancel-all armed at this many ms for every symbol (renewed every third of it), so the venue cancels the orders if this gateway dies; 0 (default): off.",
        };
        var command = new Command("venue", "A real venue's market data (Binance, OKX, Kraken, ...) into the engine, live or replayed from recordings; with --order-rest-url also Binance spot or USD-M order entry.")
        {
            venue, instruments, transport, config, replay, speed, engineTimeout, wsUrl, restUrl, record, maxSilence, stallTimeout, orderRestUrl, orderWsUrl, credentials, countdown,
        };
        command.SetAction(parsed => Run(
            new VenueGatewaySettings(
                parsed.GetValue(venue)!,
                parsed.GetValue(instruments)!,
                parsed.GetValue(transport)!,
                parsed.GetValue(config)!,
                parsed.GetValue(replay) ?? [],
                parsed.GetValue(speed),
                parsed.GetValue(engineTimeout),
                parsed.GetValue(wsUrl),
                parsed.GetValue(restUrl),
                parsed.GetValue(record),
                parsed.GetValue(maxSilence),
                parsed.GetValue(stallTimeout),
                parsed.GetValue(orderRestUrl),
                parsed.GetValue(orderWsUrl),
                parsed.GetValue(credentials),
                parsed.GetValue(countdown)),
            output));
        return command;
    }

    private static int Run(VenueGatewaySettings settings, TextWriter output)
    {
        (string feed, string instrumentList, FileInfo transportFile, FileInfo configFile, FileInfo[] replay, double speed, double engineTimeoutSeconds) =
            (settings.Feed, settings.Instruments, settings.TransportFile, settings.ConfigFile, settings.Replay, settings.Speed, settings.EngineTimeoutSeconds);
        if (!VenueFeeds.Names.Contains(feed))
        {
            throw new UsageException($"--venue: unknown venue '{feed}' (known: {string.Join(", ", VenueFeeds.Names)})");
        }

        settings.Validate();
        if (speed < 0 || double.IsNaN(speed))
        {
            throw new UsageException($"--speed must be 0 (as fast as possible) or positive, got {speed}");
        }

        if (!(engineTimeoutSeconds > 0 && engineTimeoutSeconds <= 3600))
        {
            throw new UsageException($"--engine-timeout must be in (0, 3600] seconds, got {engineTimeoutSeconds}");
        }

        foreach (FileInfo file in replay)
        {
            if (!file.Exists)
            {
                throw new CommandFailedException($"--replay: {file.FullName} does not exist");
            }
        }

        string[] symbols = instrumentList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (symbols.Length == 0)
        {
            throw new UsageException("--instruments: name at least one instrument");
        }

        FeedInstruments instruments;
        InstrumentRegistry registry;
        try
        {
            registry = InstrumentConfig.Parse(File.ReadAllText(configFile.FullName), configFile.Name);
            instruments = VenueListings.Build(registry, feed, symbols);
        }
        catch (Exception e) when (e is ArgumentException or InstrumentConfigException or FileNotFoundException)
        {
            throw new CommandFailedException($"{configFile.Name}: {e.Message}", e);
        }

        // Credentials first: a bad file is refused before anything connects.
        using BinanceOrderEntryAdapter? orderEntry = settings.HasOrderEntry && !settings.IsDeribitOrderEntry ? settings.CreateOrderEntry(instruments, registry, Console.Error) : null;
        using DeribitOrderEntryAdapter? deribitOrders = settings.IsDeribitOrderEntry ? settings.CreateDeribitOrderEntry(instruments, registry, Console.Error) : null;
        IRawFrameSource source = settings.IsLive ? settings.CreateLiveSource(instruments, Console.Error) : new RecordingReplaySource(replay.Select(f => f.FullName).ToArray(), speed);
        var live = source as ILiveFrameSource;
        using var adapter = new VenueMarketDataAdapter(feed, instruments, source, Console.Error, (long)(settings.MaxSilenceSeconds * 1e9));
        IVenueAdapter? orders = orderEntry is not null ? orderEntry : deribitOrders;
        IVenueAdapter hosted = orders is null ? adapter : new MarketDataAndOrderEntryAdapter(adapter, orders);
        VenueGatewayHost host;
        try
        {
            host = VenueGatewayHost.Attach(transportFile.FullName, hosted, Console.Error, new VenueGatewayOptions { EngineTimeout = TimeSpan.FromSeconds(engineTimeoutSeconds) });
        }
        catch (TransportLayoutException e)
        {
            // Nothing was received: no recording either.
            adapter.Dispose();
            if (live?.Recorder is { } recorder)
            {
                File.Delete(recorder.Path);
            }

            throw new CommandFailedException(e.Message, e);
        }

        using (host)
        using (var stop = new CancellationTokenSource())
        {
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                e.Cancel = true;
                stop.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            using PosixSignalRegistration onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                context.Cancel = true;
                stop.Cancel();
            });

            // A replay ends when its recordings do: the frames are in ingress when the source reports done. A live
            // source never completes.
            using var watcher = new Timer(_ =>
            {
                if (adapter.SourceCompleted)
                {
                    stop.Cancel();
                }
            }, null, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
            try
            {
                string from = live is not null
                    ? $"live from {live.StreamUrl}{(live.Recorder is { } r ? $", recording to {r.Path}" : string.Empty)}"
                    : $"replaying {((RecordingReplaySource)source).FrameCount:N0} frames{(speed > 0 ? $" at {speed}x" : " as fast as possible")}";
                output.WriteLine($"gateway venue: attached to {host.TransportPath} as client {host.ClientId} ({host.ClientName}); {feed} {string.Join(", ", instruments.All.Select(i => i.Symbol))}; {from}");
                output.Flush();
                live?.Start();
                orderEntry?.Start();
                deribitOrders?.Start();
                GatewayStopReason reason = host.Run(stop.Token);

                // Closes the connection and flushes the recording before the counts are read.
                live?.Stop();
                FeedCounters c = adapter.Counters;
                output.WriteLine(
                    $"gateway venue: stopped ({(adapter.SourceCompleted ? "replay done" : reason.ToString())}); messages {c.Messages:N0}, snapshots {c.Snapshots}, depth updates {c.DepthUpdates:N0}, " +
                    $"gaps {c.Gaps}, resyncs {c.Resyncs}, crossed {c.CrossedBooks}, stale {c.StaleFeeds}, trades {c.Trades:N0}, checksums {c.Checksums} ({c.ChecksumMismatches} wrong), bad input {c.BadInputTotal}, " +
                    $"frames to the engine {adapter.FramesEmitted:N0}, back-pressure waits {host.BackPressureWaits}" +
                    (live is null ? string.Empty : $"; {live.Summary()}") +
                    (orderEntry is null ? string.Empty :
                        $"; order entry: reports {orderEntry.ReportsEmitted}, fills {orderEntry.FillsReported} ({orderEntry.DuplicateFillsSuppressed} duplicates suppressed), unknown outcomes {orderEntry.UnknownOutcomes}, " +
                        $"reconciliations {orderEntry.Reconciliations}, orphans canceled {orderEntry.OrphansCanceled}, fills from myTrades {orderEntry.MissedFills}, balance breaks {orderEntry.BalanceBreaks}, position breaks {orderEntry.PositionBreaks}, countdown renewals {orderEntry.CountdownRenewals}, " +
                        $"stream anomalies {orderEntry.MalformedMessages + orderEntry.UnknownOrderReports}") +
                    (deribitOrders is null ? string.Empty :
                        $"; deribit order entry: reports {deribitOrders.ReportsEmitted}, fills {deribitOrders.FillsReported} ({deribitOrders.DuplicateFillsSuppressed} duplicates suppressed), unknown outcomes {deribitOrders.UnknownOutcomes}, " +
                        $"connections {deribitOrders.Connections}, token refreshes {deribitOrders.TokenRefreshes}, reconciliations {deribitOrders.Reconciliations}, orphans canceled {deribitOrders.OrphansCanceled}, fills recovered {deribitOrders.MissedFills}, position breaks {deribitOrders.PositionBreaks}, " +
                        $"anomalies {deribitOrders.MalformedMessages + deribitOrders.UnknownOrderReports}"));
                if (reason == GatewayStopReason.DeclaredDeadByEngine)
                {
                    throw new CommandFailedException("the engine declared this gateway dead (its heartbeat was late); restart the gateway");
                }

                return CommandLineApp.Success;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }
}
