using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.Deribit.OrderEntry;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Model;
using Engine.Primitives;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Gateway.Live;
using Engine.Gateways.Venues.Gateway.Live.Protocols;

namespace Engine.Cli.Commands;

/// <summary>
/// What <c>engine gateway venue</c> was asked for, and the live source it asks for: a recording replay when
/// <see cref="Replay"/> names files, else a live connection with its options: Binance's markets through <see cref="BinanceLiveSource"/> (WebSocket and REST
/// snapshots), every other venue through <see cref="SocketLiveSource"/> and its <see cref="IVenueSocketProtocol"/>.
/// </summary>
internal sealed record VenueGatewaySettings(
    string Feed,
    string Instruments,
    FileInfo TransportFile,
    FileInfo ConfigFile,
    FileInfo[] Replay,
    double Speed,
    double EngineTimeoutSeconds,
    string? WebSocketUrl,
    string? RestUrl,
    DirectoryInfo? RecordFolder,
    double MaxSilenceSeconds,
    double StallTimeoutSeconds = 60,
    string? OrderRestUrl = null,
    string? OrderWebSocketUrl = null,
    FileInfo? CredentialsFile = null,
    long CountdownMillis = 0)
{
    /// <summary>Environment variables the order entry's API key and secret are read from when no credentials file is named.</summary>
    public const string ApiKeyVariable = "ENGINE_BINANCE_API_KEY";

    public const string SecretVariable = "ENGINE_BINANCE_API_SECRET";

    /// <summary>Environment variables Deribit's client id and secret are read from (its raw book channel) when no credentials file is named.</summary>
    public const string DeribitClientIdVariable = "ENGINE_DERIBIT_CLIENT_ID";

    public const string DeribitClientSecretVariable = "ENGINE_DERIBIT_CLIENT_SECRET";

    public bool IsLive => Replay.Length == 0;

    /// <summary>Order entry runs beside the market data when <c>--order-rest-url</c> is given (Binance), or <c>--order-ws-url</c> for deribit (JSON-RPC over one WebSocket).</summary>
    public bool HasOrderEntry => OrderRestUrl is not null || IsDeribitOrderEntry;

    /// <summary>Deribit order entry: <c>--venue deribit --order-ws-url ws://...</c>.</summary>
    public bool IsDeribitOrderEntry => Feed == "deribit" && OrderWebSocketUrl is not null;

    /// <summary>Throws a <see cref="UsageException"/> for options that do not go together or cannot be used.</summary>
    public void Validate()
    {
        if (!(MaxSilenceSeconds > 0 && MaxSilenceSeconds <= 3600))
        {
            throw new UsageException($"--max-silence must be in (0, 3600] seconds, got {MaxSilenceSeconds}");
        }

        if (!(StallTimeoutSeconds > 0 && StallTimeoutSeconds <= 3600))
        {
            throw new UsageException($"--stall-timeout must be in (0, 3600] seconds, got {StallTimeoutSeconds}");
        }

        // Deribit's market data takes a key too: its raw book channel is for authorised connections.
        bool marketDataKey = IsLive && Feed == "deribit";
        if (!HasOrderEntry && (OrderWebSocketUrl is not null || (CredentialsFile is not null && !marketDataKey) || CountdownMillis != 0))
        {
            throw new UsageException("--order-ws-url, --credentials and --countdown-ms go with --order-rest-url (order entry); --credentials also goes with the live deribit venue (its raw book channel)");
        }

        if (IsDeribitOrderEntry)
        {
            if (!IsLive || OrderRestUrl is not null || CountdownMillis != 0)
            {
                throw new UsageException("--order-ws-url on deribit: Deribit's order entry is JSON-RPC over that one WebSocket, live only; --order-rest-url and --countdown-ms are Binance's (Deribit's dead-man switch is cancel-on-disconnect, always on)");
            }

            _ = ParseBase(OrderWebSocketUrl, "--order-ws-url", "ws", "wss");
        }
        else if (HasOrderEntry)
        {
            if (!IsLive || Feed is not ("binance" or "binance-usdm"))
            {
                throw new UsageException("--order-rest-url: order entry is available for the live binance (spot) and binance-usdm venues (and deribit with --order-ws-url) in this build, not with --replay or another venue");
            }

            if (CountdownMillis != 0 && (Feed != "binance-usdm" || CountdownMillis < 1_000))
            {
                throw new UsageException($"--countdown-ms: the countdown cancel-all is USD-M's (binance-usdm), at least 1000 ms, or 0 for none; got {CountdownMillis} for {Feed}");
            }

            _ = ParseBase(OrderRestUrl, "--order-rest-url", "http");
            _ = ParseBase(OrderWebSocketUrl, "--order-ws-url", "ws", "wss");
        }

        if (!IsLive)
        {
            if (WebSocketUrl is not null || RestUrl is not null || RecordFolder is not null)
            {
                throw new UsageException("--ws-url, --rest-url and --record are for a live connection, not with --replay");
            }

            return;
        }

        bool binance = BinanceLiveOptions.TryMarketOf(Feed, out _);
        if (!binance && !VenueSocketProtocols.TryCreate(Feed, out _))
        {
            throw new UsageException($"--venue {Feed}: no live connection for this venue; give --replay recordings");
        }

        if (!binance && RestUrl is not null)
        {
            throw new UsageException($"--rest-url: {Feed} takes its snapshots over the WebSocket; --rest-url is for Binance's REST snapshots");
        }

        _ = ParseBase(WebSocketUrl, "--ws-url", "ws", "wss");
        _ = ParseBase(RestUrl, "--rest-url", "http", "https");
    }

    /// <summary>
    /// The live source of the feed's instruments, connecting where the options say (the venue's production endpoint
    /// unless overridden), recording when asked. Not started.
    /// </summary>
    public ILiveFrameSource CreateLiveSource(FeedInstruments instruments, TextWriter log)
    {
        string[] symbols = instruments.All.Select(i => i.Symbol).ToArray();
        Uri? wsUrl = ParseBase(WebSocketUrl, "--ws-url", "ws", "wss");
        if (!BinanceLiveOptions.TryMarketOf(Feed, out BinanceMarket market))
        {
            VenueSocketProtocols.TryCreate(Feed, out IVenueSocketProtocol protocol);
            if (Feed == "deribit" && DeribitKey() is { } key)
            {
                log.WriteLine($"gateway venue: deribit: asking for the raw book channel with {key} (public/auth on every connection; if Deribit refuses the key, the public 100ms books)");
                protocol = new DeribitSocketProtocol(key);
            }

            var socketOptions = new SocketLiveOptions { Url = wsUrl ?? protocol.ProductionUrl, StallTimeout = TimeSpan.FromSeconds(StallTimeoutSeconds) };
            return new SocketLiveSource(protocol, socketOptions, symbols, log, CreateRecorder());
        }

        BinanceLiveOptions options = BinanceLiveOptions.For(market);
        options = options with
        {
            WebSocketBase = wsUrl ?? options.WebSocketBase,
            RestBase = ParseBase(RestUrl, "--rest-url", "http", "https") ?? options.RestBase,
            StallTimeout = TimeSpan.FromSeconds(StallTimeoutSeconds),
        };
        return new BinanceLiveSource(Feed, options, symbols, log, CreateRecorder());
    }

    /// <summary>
    /// Deribit's client id and secret from <see cref="CredentialsFile"/> or the environment, or null (the public 100ms
    /// books). Held by the protocol for the source's life: every reconnection authenticates again.
    /// </summary>
    private VenueCredentials? DeribitKey()
    {
        if (CredentialsFile is null && (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DeribitClientIdVariable)) || string.IsNullOrEmpty(Environment.GetEnvironmentVariable(DeribitClientSecretVariable))))
        {
            return null;
        }

        try
        {
            return VenueCredentials.Load(CredentialsFile?.FullName, DeribitClientIdVariable, DeribitClientSecretVariable);
        }
        catch (VenueCredentialsException e)
        {
            throw new CommandFailedException(e.Message, e);
        }
    }

    private FrameRecorder? CreateRecorder()
    {
        if (RecordFolder is null)
        {
            return null;
        }

        try
        {
            Directory.CreateDirectory(RecordFolder.FullName);
            return new FrameRecorder(FrameRecorder.FileNameFor(RecordFolder.FullName, Feed, DateTime.UtcNow));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailedException($"--record: cannot write to {RecordFolder.FullName}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Binance order entry for the feed's instruments (the engine's orders to BINANCE or BINANCE_USDM), with the API key and secret
    /// from <see cref="CredentialsFile"/> (mode 0600) or the environment. Not started.
    /// </summary>
    public BinanceOrderEntryAdapter CreateOrderEntry(FeedInstruments instruments, InstrumentRegistry registry, TextWriter log)
    {
        Uri rest = ParseBase(OrderRestUrl, "--order-rest-url", "http")!;
        var options = new BinanceOrderEntryOptions
        {
            RestBase = rest,
            WebSocketBase = ParseBase(OrderWebSocketUrl, "--order-ws-url", "ws", "wss") ?? new Uri($"ws://{rest.Authority}"),
            Market = Feed == "binance-usdm" ? BinanceMarket.UsdM : BinanceMarket.Spot,
            CountdownMillis = CountdownMillis,
        };
        VenueCredentials credentials;
        try
        {
            credentials = VenueCredentials.Load(CredentialsFile?.FullName, ApiKeyVariable, SecretVariable);
        }
        catch (VenueCredentialsException e)
        {
            throw new CommandFailedException(e.Message, e);
        }

        using (credentials)
        {
            string[] assets = [.. instruments.All.SelectMany(i => new[] { registry.GetInstrument(new InstrumentId(i.InstrumentId)).BaseAsset, registry.GetInstrument(new InstrumentId(i.InstrumentId)).QuoteAsset }).Distinct()];
            OrderEntryInstrument[] listings = [.. instruments.All.Select(i => new OrderEntryInstrument(i.Symbol, (uint)i.InstrumentId, (ushort)i.VenueId, i.PriceScale, i.QuantityScale))];
            log.WriteLine($"gateway venue: order entry to {rest} with {credentials}");
            return new BinanceOrderEntryAdapter(options, credentials, VenueListings.VenueCodeOf(Feed), listings[0].VenueId, listings, assets, log);
        }
    }

    /// <summary>
    /// Deribit order entry for the feed's instruments (the engine's orders to DERIBIT) over the JSON-RPC WebSocket of
    /// <see cref="OrderWebSocketUrl"/>, with the client id and secret from <see cref="CredentialsFile"/> (mode 0600) or
    /// the environment (<see cref="DeribitClientIdVariable"/>, <see cref="DeribitClientSecretVariable"/>). Not started.
    /// </summary>
    public DeribitOrderEntryAdapter CreateDeribitOrderEntry(FeedInstruments instruments, InstrumentRegistry registry, TextWriter log)
    {
        Uri url = ParseBase(OrderWebSocketUrl, "--order-ws-url", "ws", "wss")!;
        VenueCredentials credentials;
        try
        {
            credentials = VenueCredentials.Load(CredentialsFile?.FullName, DeribitClientIdVariable, DeribitClientSecretVariable);
        }
        catch (VenueCredentialsException e)
        {
            throw new CommandFailedException(e.Message, e);
        }

        using (credentials)
        {
            (OrderEntryInstrument, string)[] listings = [.. instruments.All.Select(i => (
                new OrderEntryInstrument(i.Symbol, (uint)i.InstrumentId, (ushort)i.VenueId, i.PriceScale, i.QuantityScale),
                registry.GetInstrument(new InstrumentId(i.InstrumentId)).BaseAsset))];
            log.WriteLine($"gateway venue: deribit order entry to {url} with {credentials}");
            return new DeribitOrderEntryAdapter(new DeribitOrderEntryOptions { WebSocketUri = url }, credentials, VenueListings.VenueCodeOf(Feed), listings[0].Item1.VenueId, listings, log);
        }
    }

    private static Uri? ParseBase(string? text, string option, params string[] schemes)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || !schemes.Contains(uri.Scheme))
        {
            throw new UsageException($"{option}: '{text}' is not an absolute {string.Join(" or ", schemes.Select(s => s + "://"))} URL");
        }

        return uri;
    }
}
