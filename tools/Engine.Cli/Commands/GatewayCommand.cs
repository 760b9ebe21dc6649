using System.CommandLine;
using System.Runtime.InteropServices;
using Engine.Gateways.Hosting.Connection;
using Engine.Gateways.Hosting.Venues;
using Engine.Gateways.SimulatedVenue.Gateway;
using Engine.Gateways.SimulatedVenue.Session;
using Engine.Model;
using Engine.Transport;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine gateway sim</c>: the simulated venue as a gateway process attached to a running engine's transport
/// file. Runs until Ctrl+C / SIGTERM or until the engine is gone (process exited, file removed, heartbeat stale),
/// then prints one summary line. Exit 0 on those normal ends, 1 when it cannot attach or the engine declared it dead,
/// 2 on bad arguments.
/// </summary>
public static class GatewayCommand
{
    public static Command Create(TextWriter output)
    {
        var command = new Command("gateway", "Run a gateway process attached to a running engine.");
        command.Subcommands.Add(CreateSim(output));
        command.Subcommands.Add(AdminCommand.CreateGateway(output));
        command.Subcommands.Add(VenueGatewayCommand.Create(output));
        return command;
    }

    private static Command CreateSim(TextWriter output)
    {
        var transport = new Option<FileInfo>("--transport")
        {
            Description = "The engine's transport file (for example /dev/shm/engine-ipc).",
            Required = true,
        };
        var instruments = new Option<FileInfo>("--instruments")
        {
            Description = "Instrument config; the venue serves every listing on venue SIM.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("config", "instruments.json")),
        };
        Option<long> seed = SeedOption.Create("Seed of the simulated markets (instrument i uses seed + i).");
        var engineTimeout = new Option<double>("--engine-timeout")
        {
            Description = "Seconds without an engine heartbeat after which the gateway stops.",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("sim", "The simulated venue: our matching engine per SIM instrument with seeded generated markets.")
        {
            transport,
            instruments,
            seed,
            engineTimeout,
        };
        command.SetAction(parsed => RunSim(
            parsed.GetValue(transport)!,
            parsed.GetValue(instruments)!,
            parsed.GetValue(seed),
            parsed.GetValue(engineTimeout),
            output,
            Console.Error));
        return command;
    }

    private static int RunSim(FileInfo transportFile, FileInfo instrumentsFile, long seed, double engineTimeoutSeconds, TextWriter output, TextWriter error)
    {
        ulong generatorSeed = SeedOption.Require(seed);

        if (!(engineTimeoutSeconds > 0 && engineTimeoutSeconds <= 3600))
        {
            throw new UsageException($"--engine-timeout must be in (0, 3600] seconds, got {engineTimeoutSeconds}");
        }

        InstrumentRegistry registry = LoadInstruments(instrumentsFile);
        if (!registry.TryGetVenue(SimulatedVenueSession.VenueCode, out Venue? venue) || !HasListing(registry, venue))
        {
            throw new CommandFailedException($"{instrumentsFile.FullName}: no listing on venue {SimulatedVenueSession.VenueCode}; the simulated venue has nothing to serve");
        }

        var options = new VenueGatewayOptions { EngineTimeout = TimeSpan.FromSeconds(engineTimeoutSeconds) };
        SimulatedVenueGateway gateway;
        try
        {
            gateway = SimulatedVenueGateway.Attach(transportFile.FullName, registry, generatorSeed, error, options);
        }
        catch (TransportLayoutException e)
        {
            throw new CommandFailedException(e.Message, e);
        }

        using (gateway)
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
            try
            {
                output.WriteLine($"gateway sim: attached to {gateway.TransportPath} as client {gateway.ClientId}; serving {Describe(gateway.Session)}; seed {seed}");
                output.Flush();
                GatewayStopReason reason = gateway.Run(stop.Token);
                SimulatedVenueSession session = gateway.Session;
                output.WriteLine(
                    $"gateway sim: stopped ({Explain(reason)}); requests {gateway.RequestsReceived} (invalid {session.InvalidRequests}, ignored {session.IgnoredRequests}), " +
                    $"execution reports {session.ExecutionReports}, market data frames {session.MarketDataFrames}, frames written {gateway.FramesWritten}, " +
                    $"egress lapped {gateway.LappedCount}, ingress back-pressure waits {gateway.BackPressureWaits}, frames dropped {gateway.FramesDropped}");
                if (reason == GatewayStopReason.DeclaredDeadByEngine)
                {
                    throw new CommandFailedException("the engine declared this gateway dead (its heartbeat was late) and canceled its orders; restart the gateway");
                }

                return CommandLineApp.Success;
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        }
    }

    private static InstrumentRegistry LoadInstruments(FileInfo file)
    {
        if (!file.Exists)
        {
            throw new CommandFailedException($"instrument config {file.FullName} does not exist (pass --instruments)");
        }

        try
        {
            return InstrumentConfig.Parse(File.ReadAllText(file.FullName), file.Name);
        }
        catch (InstrumentConfigException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    private static bool HasListing(InstrumentRegistry registry, Venue venue)
    {
        foreach (Listing listing in registry.Listings)
        {
            if (listing.Venue.Id == venue.Id)
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(SimulatedVenueSession session)
    {
        var names = new List<string>(session.InstrumentCount);
        for (int i = 0; i < session.InstrumentCount; i++)
        {
            Listing listing = session.ListingAt(i);
            names.Add($"{listing.Instrument.Symbol} (instrument {listing.Instrument.Id})");
        }

        return string.Join(", ", names);
    }

    private static string Explain(GatewayStopReason reason) => reason switch
    {
        GatewayStopReason.Canceled => "stop requested",
        GatewayStopReason.EngineProcessGone => "the engine process is gone",
        GatewayStopReason.TransportFileRemoved => "the engine removed its transport file",
        GatewayStopReason.EngineHeartbeatStale => "the engine's heartbeat is stale",
        GatewayStopReason.DeclaredDeadByEngine => "declared dead by the engine",
        _ => reason.ToString(),
    };
}
