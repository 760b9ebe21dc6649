namespace Engine.Gateways.Venues.Gateway.Live.Protocols;

/// <summary>The WebSocket dialect of each feed that connects through <see cref="SocketLiveSource"/>.</summary>
public static class VenueSocketProtocols
{
    /// <summary>Feeds whose protocol needs nothing but the feed's name (Binance's markets need their REST options: <see cref="BinanceLiveSource"/>).</summary>
    public static IReadOnlyList<string> Names { get; } = ["okx", "okx-swap", "bybit", "kraken", "coinbase", "deribit"];

    /// <summary>The protocol of <paramref name="feed"/>; false for feeds without one.</summary>
    public static bool TryCreate(string feed, out IVenueSocketProtocol protocol)
    {
        protocol = feed switch
        {
            "okx" or "okx-swap" => new OkxSocketProtocol(feed),
            "bybit" => new BybitSocketProtocol(),
            "kraken" => new KrakenSocketProtocol(),
            "coinbase" => new CoinbaseSocketProtocol(),
            "deribit" => new DeribitSocketProtocol(),
            _ => null!,
        };
        return protocol is not null;
    }
}
