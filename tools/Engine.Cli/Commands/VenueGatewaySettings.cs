using Engine.Gateways.Venues.Binance;
using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.Gateway;
using Engine.Gateways.Venues.OrderEntry;
using Engine.Model;
using Engine.Primitives;
using Engine.Gateways.Venues.Feeds;
using Engine.Gateways.Venues.Gateway.Live;

namespace Engine.Cli.Commands;

/// <summary>
/// What <c>engine gateway venue</c> was asked for, and the live source it asks for: a recording replay when
/// <see cref="Replay"/> names files, else a live connection (Binance's markets in this build) with its options.
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
    FileInfo? CredentialsFile = null)
{
    /// <summary>Environment variables the order entry's API key and secret are read from when no credentials file is named.</summary>
    public const string ApiKeyVariable = "ENGINE_BINANCE_API_KEY";

    public const string SecretVariable = "ENGINE_BINANCE_API_SECRET";

    public bool IsLive => Replay.Length == 0;

    /// <summary>Order entry runs beside the market data when <c>--order-rest-url</c> is given.</summary>
    public bool HasOrderEntry => OrderRestUrl is not null;

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

        if (!HasOrderEntry && (OrderWebSocketUrl is not null || CredentialsFile is not null))
        {
            throw new UsageException("--order-ws-url and --credentials go with --order-rest-url (order entry)");
        }

        if (HasOrderEntry)
        {
            if (!IsLive || Feed != "binance")
            {
                throw new UsageException("--order-rest-url: order entry is available for the live binance (spot) venue in this build, not with --replay or another venue");
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

        if (!BinanceLiveOptions.TryMarketOf(Feed, out _))
        {
            throw new UsageException($"--venue {Feed}: a live connection is available for binance, binance-usdm and binance-coinm in this build; give --replay recordings for {Feed}");
        }

        _ = ParseBase(WebSocketUrl, "--ws-url", "ws", "wss");
        _ = ParseBase(RestUrl, "--rest-url", "http", "https");
    }

    /// <summary>
    /// The live source of the feed's instruments, connecting where the options say (Binance's production endpoints
    /// unless overridden), recording when asked. Not started.
    /// </summary>
    public BinanceLiveSource CreateLiveSource(FeedInstruments instruments, TextWriter log)
    {
        BinanceLiveOptions.TryMarketOf(Feed, out BinanceMarket market);
        BinanceLiveOptions options = BinanceLiveOptions.For(market);
        options = options with
        {
            WebSocketBase = ParseBase(WebSocketUrl, "--ws-url", "ws", "wss") ?? options.WebSocketBase,
            RestBase = ParseBase(RestUrl, "--rest-url", "http", "https") ?? options.RestBase,
            StallTimeout = TimeSpan.FromSeconds(StallTimeoutSeconds),
        };

        FrameRecorder? recorder = null;
        if (RecordFolder is not null)
        {
            try
            {
                Directory.CreateDirectory(RecordFolder.FullName);
                recorder = new FrameRecorder(FrameRecorder.FileNameFor(RecordFolder.FullName, Feed, DateTime.UtcNow));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CommandFailedException($"--record: cannot write to {RecordFolder.FullName}: {e.Message}", e);
            }
        }

        return new BinanceLiveSource(Feed, options, instruments.All.Select(i => i.Symbol).ToArray(), log, recorder);
    }

    /// <summary>
    /// Binance spot order entry for the feed's instruments (the engine's orders to BINANCE), with the API key and secret
    /// from <see cref="CredentialsFile"/> (mode 0600) or the environment. Not started.
    /// </summary>
    public BinanceSpotOrderEntryAdapter CreateOrderEntry(FeedInstruments instruments, InstrumentRegistry registry, TextWriter log)
    {
        Uri rest = ParseBase(OrderRestUrl, "--order-rest-url", "http")!;
        var options = new BinanceOrderEntryOptions
        {
            RestBase = rest,
            WebSocketBase = ParseBase(OrderWebSocketUrl, "--order-ws-url", "ws", "wss") ?? new Uri($"ws://{rest.Authority}"),
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
            return new BinanceSpotOrderEntryAdapter(options, credentials, VenueListings.VenueCodeOf(Feed), listings[0].VenueId, listings, assets, log);
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
