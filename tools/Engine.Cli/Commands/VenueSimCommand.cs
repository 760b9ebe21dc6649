using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Engine.Gateways.VenueSimulators.Binance;
using Engine.Gateways.VenueSimulators.Binance.UsdM;
using Engine.Gateways.VenueSimulators.Deribit;
using Engine.Gateways.VenueSimulators.Okx;
using Engine.Model;
using Engine.Primitives;

namespace Engine.Cli.Commands;

/// <summary>
/// <c>engine venue-sim</c>: a venue's order-entry API on loopback, as the venue documents it, over our matching
/// engine, so live mode can be tried without the internet (and the adapters are tested against it). The symbols and
/// their filters come from the venue's listings in the instrument config.
/// </summary>
public static class VenueSimCommand
{
    /// <summary>The venues the issue asks for; only those with a simulator today are accepted.</summary>
    private static readonly string[] s_planned = ["binance-spot", "binance-usdm", "deribit", "okx"];
    private static readonly string[] s_available = ["binance-spot", "binance-usdm", "deribit", "okx"];

    public static Command Create(TextWriter output)
    {
        var venue = new Option<string>("--venue") { Description = $"The venue to simulate: {string.Join(", ", s_available)}.", Required = true };
        var port = new Option<int>("--port") { Description = "The loopback port (0: any free port).", DefaultValueFactory = _ => 0 };
        var apiKey = new Option<string?>("--api-key") { Description = "The API key clients must send (deribit: the client id; default: a random one, printed)." };
        var secretFile = new Option<FileInfo?>("--secret-file") { Description = "A file holding the API secret (deribit: the client secret; okx: the secret on the first line, the passphrase on the second), readable by its owner only (mode 0600). Default: a random secret (and passphrase) written to such a file, whose path is printed." };
        var instruments = new Option<FileInfo>("--instrument-config")
        {
            Description = "The instrument config whose listings on the venue become the simulator's symbols.",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("config", "instruments.json")),
        };
        var balances = new Option<string[]>("--balance")
        {
            Description = "The account's starting balance of an asset, ASSET=AMOUNT (repeatable; default USDT=100000 and BTC=10; binance-usdm: the USDT wallet, default USDT=100000; deribit: per currency, default BTC=10 and ETH=100).",
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("venue-sim", "Run a venue's order-entry API on loopback (documented paths, signing, fields and error codes) over the engine's matching engine.")
        {
            venue, port, apiKey, secretFile, instruments, balances,
        };
        command.SetAction(parsed =>
        {
            string name = parsed.GetValue(venue)!;
            if (!s_available.Contains(name))
            {
                throw new UsageException(s_planned.Contains(name)
                    ? $"--venue: {name} has no simulator yet (available: {string.Join(", ", s_available)})"
                    : $"--venue: unknown venue '{name}' (available: {string.Join(", ", s_available)})");
            }

            int listenPort = parsed.GetValue(port);
            if (listenPort is < 0 or > 65_535)
            {
                throw new UsageException($"--port must be within 0..65535, got {listenPort}");
            }

            string key = parsed.GetValue(apiKey) ?? RandomToken(64);
            if (!key.All(char.IsAsciiLetterOrDigit))
            {
                throw new UsageException("--api-key: use ASCII letters and digits only");
            }

            bool okx = name == "okx";
            (byte[] secret, string secretPath) = ReadOrCreateSecret(parsed.GetValue(secretFile), okx);
            if (name == "deribit")
            {
                return RunDeribit(output, listenPort, key, Encoding.ASCII.GetString(secret), secretPath, parsed.GetValue(instruments)!, parsed.GetValue(balances) ?? []);
            }

            if (okx)
            {
                return RunOkx(output, listenPort, key, secret, secretPath, parsed.GetValue(instruments)!, ParseBalances(parsed.GetValue(balances) ?? []));
            }

            bool usdM = name == "binance-usdm";
            var options = new BinanceSimulatorOptions
            {
                Port = listenPort,
                ApiKey = key,
                Secret = secret,
                Symbols = SymbolsOf(parsed.GetValue(instruments)!, usdM ? "BINANCE_USDM" : "BINANCE"),
                Balances = ParseBalances(parsed.GetValue(balances) ?? []),

                // Binance USD-M's limits: 2,400 request weight a minute, 300 orders per 10 seconds.
                RequestWeightPerMinute = usdM ? 2_400 : 6_000,
                OrdersPerTenSeconds = usdM ? 300 : 100,
            };
            IAsyncDisposable simulator;
            Uri address;
            if (usdM)
            {
                BinanceUsdMSimulator futures = BinanceUsdMSimulator.StartAsync(options).GetAwaiter().GetResult();
                (simulator, address) = (futures, futures.BaseAddress);
            }
            else
            {
                BinanceSpotSimulator spot = BinanceSpotSimulator.StartAsync(options).GetAwaiter().GetResult();
                (simulator, address) = (spot, spot.BaseAddress);
            }

            output.WriteLine($"venue-sim: {name} listening on {address} ({string.Join(", ", options.Symbols.Select(s => s.Name))})");
            output.WriteLine($"venue-sim: API key {key}; secret in {secretPath}");
            return Serve(output, simulator);
        });
        return command;
    }

    /// <summary>Prints nothing more, waits for SIGTERM or SIGINT, stops the simulator.</summary>
    private static int Serve(TextWriter output, IAsyncDisposable simulator)
    {
        using var stop = new CancellationTokenSource();
        using PosixSignalRegistration sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Cancel(); });
        using PosixSignalRegistration sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; stop.Cancel(); });
        output.Flush();
        stop.Token.WaitHandle.WaitOne();
        simulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        output.WriteLine("venue-sim: stopped");
        return CommandLineApp.Success;
    }

    /// <summary>The Deribit simulator: JSON-RPC over WebSocket at /ws/api/v2 and over HTTP at /api/v2, client id and secret for public/auth.</summary>
    private static int RunDeribit(TextWriter output, int port, string clientId, string clientSecret, string secretPath, FileInfo instrumentConfig, string[] balanceValues)
    {
        Dictionary<string, decimal> balances = balanceValues.Length == 0
            ? new Dictionary<string, decimal>(StringComparer.Ordinal) { ["BTC"] = 10m, ["ETH"] = 100m }
            : ParseBalances(balanceValues);
        DeribitInstrument[] deribitInstruments = [.. ReadRegistry(instrumentConfig).Listings
            .Where(listing => listing.Venue.Code == "DERIBIT")
            .Select(listing => new DeribitInstrument(
                listing.VenueSymbol,
                listing.Instrument.BaseAsset,
                ToDecimal(listing.Rules.TickSize.Units, listing.Rules.PriceScale),
                ToDecimal(listing.Rules.LotSize.Units, listing.Rules.QuantityScale),
                ToDecimal(listing.Rules.MinQuantity.Units, listing.Rules.QuantityScale)))];
        if (deribitInstruments.Length == 0)
        {
            throw new CommandFailedException($"--instrument-config: {instrumentConfig.FullName} lists nothing on venue DERIBIT");
        }

        var options = new DeribitSimulatorOptions
        {
            Port = port,
            ClientId = clientId,
            ClientSecret = clientSecret,
            Instruments = deribitInstruments,
            Balances = balances,
        };
        DeribitSimulator simulator = DeribitSimulator.StartAsync(options).GetAwaiter().GetResult();
        output.WriteLine($"venue-sim: deribit listening on {simulator.BaseAddress} (JSON-RPC over WebSocket at {simulator.WebSocketAddress}; {string.Join(", ", deribitInstruments.Select(i => i.Name))})");
        output.WriteLine($"venue-sim: client id {clientId}; client secret in {secretPath}");
        return Serve(output, simulator);
    }

    /// <summary>
    /// OKX: spot and swaps of the OKX and OKX_SWAP listings in one trading account; the secret file's first line is
    /// the secret, its second the passphrase.
    /// </summary>
    private static int RunOkx(TextWriter output, int port, string key, byte[] secretFile, string secretPath, FileInfo config, Dictionary<string, decimal> balances)
    {
        string[] lines = Encoding.ASCII.GetString(secretFile).Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length != 2)
        {
            throw new CommandFailedException($"--secret-file: {secretPath} must hold two lines for okx: the secret, then the passphrase");
        }

        InstrumentRegistry registry = ReadRegistry(config);
        OkxInstrument[] instruments = [.. registry.Listings
            .Where(listing => listing.Venue.Code is "OKX" or "OKX_SWAP")
            .Select(listing => new OkxInstrument(
                listing.VenueSymbol,
                listing.Venue.Code == "OKX" ? "SPOT" : "SWAP",
                listing.Instrument.BaseAsset,
                listing.Instrument.QuoteAsset,
                listing.Instrument.SettleAsset,
                ToDecimal(listing.Rules.TickSize.Units, listing.Rules.PriceScale),
                ToDecimal(listing.Rules.LotSize.Units, listing.Rules.QuantityScale),
                ToDecimal(listing.Rules.MinQuantity.Units, listing.Rules.QuantityScale),
                ToDecimal(listing.Rules.Multiplier.Units, listing.Rules.Multiplier.Scale)))];
        if (instruments.Length == 0)
        {
            throw new CommandFailedException($"--instrument-config: {config.FullName} lists nothing on venue OKX or OKX_SWAP");
        }

        var options = new OkxSimulatorOptions
        {
            Port = port,
            ApiKey = key,
            Secret = Encoding.ASCII.GetBytes(lines[0]),
            Passphrase = lines[1],
            Instruments = instruments,
            Balances = balances,
        };
        OkxSimulator simulator = OkxSimulator.StartAsync(options).GetAwaiter().GetResult();
        output.WriteLine($"venue-sim: okx listening on {simulator.BaseAddress} ({string.Join(", ", instruments.Select(i => i.InstId))}); private WebSocket {simulator.PrivateSocketAddress}");
        output.WriteLine($"venue-sim: API key {key}; secret and passphrase in {secretPath}");
        return Serve(output, simulator);
    }

    /// <summary>The venue's listings as simulator symbols with their filters (tick, lot, minimums) in decimals.</summary>
    private static BinanceSymbol[] SymbolsOf(FileInfo config, string venueCode)
    {
        InstrumentRegistry registry = ReadRegistry(config);
        BinanceSymbol[] symbols = [.. registry.Listings
            .Where(listing => listing.Venue.Code == venueCode)
            .Select(listing => new BinanceSymbol(
                listing.VenueSymbol,
                listing.Instrument.BaseAsset,
                listing.Instrument.QuoteAsset,
                ToDecimal(listing.Rules.TickSize.Units, listing.Rules.PriceScale),
                ToDecimal(listing.Rules.LotSize.Units, listing.Rules.QuantityScale),
                ToDecimal(listing.Rules.MinQuantity.Units, listing.Rules.QuantityScale),
                ToDecimal(listing.Rules.MinNotional.Units, listing.Rules.AmountScale)))];
        return symbols.Length > 0
            ? symbols
            : throw new CommandFailedException($"--instrument-config: {config.FullName} lists nothing on venue {venueCode}");
    }

    private static InstrumentRegistry ReadRegistry(FileInfo config)
    {
        try
        {
            return InstrumentConfig.Parse(File.ReadAllText(config.FullName), config.Name);
        }
        catch (Exception e) when (e is InstrumentConfigException or IOException)
        {
            throw new CommandFailedException($"--instrument-config: {e.Message}", e);
        }
    }

    private static decimal ToDecimal(long units, int scale) => units / (decimal)FixedPointMath.Pow10(scale);

    private static Dictionary<string, decimal> ParseBalances(string[] values)
    {
        var balances = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (values.Length == 0)
        {
            balances["USDT"] = 100_000m;
            balances["BTC"] = 10m;
            return balances;
        }

        foreach (string value in values)
        {
            string[] parts = value.Split('=');
            if (parts.Length != 2 || parts[0].Length == 0 || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal amount))
            {
                throw new UsageException($"--balance: '{value}' is not ASSET=AMOUNT (a non-negative decimal)");
            }

            balances[parts[0]] = amount;
        }

        return balances;
    }

    private static (byte[] Secret, string Path) ReadOrCreateSecret(FileInfo? file, bool withPassphrase)
    {
        if (file is null)
        {
            string path = Path.Combine(Path.GetTempPath(), $"venue-sim-secret-{Environment.ProcessId}");
            File.WriteAllText(path, withPassphrase ? RandomToken(64) + "\n" + RandomToken(16) + "\n" : RandomToken(64));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return (Encoding.ASCII.GetBytes(File.ReadAllText(path)), path);
        }

        if (!file.Exists)
        {
            throw new CommandFailedException($"--secret-file: {file.FullName} does not exist");
        }

        if (!OperatingSystem.IsWindows() && (file.UnixFileMode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
        {
            throw new CommandFailedException($"--secret-file: {file.FullName} can be read by others; make it readable by its owner only (chmod 600)");
        }

        string secret = File.ReadAllText(file.FullName).Trim();
        return secret.Length > 0
            ? (Encoding.ASCII.GetBytes(secret), file.FullName)
            : throw new CommandFailedException($"--secret-file: {file.FullName} is empty");
    }

    private static string RandomToken(int length) => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", length);
}
