namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>How the Deribit order-entry adapter reaches Deribit and how patient it is.</summary>
public sealed record DeribitOrderEntryOptions
{
    /// <summary>The JSON-RPC WebSocket (production: wss://www.deribit.com/ws/api/v2; a simulator: ws://127.0.0.1:PORT/ws/api/v2).</summary>
    public required Uri WebSocketUri { get; init; }

    /// <summary>Labels are this prefix and the engine's order id, so an order whose answer was lost is found by its label.</summary>
    public string LabelPrefix { get; init; } = "e";

    /// <summary>How long an answer may take; past it the order's fate is unknown until Deribit is asked.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deribit's heartbeat interval asked for with <c>public/set_heartbeat</c> (at least 10 s).</summary>
    public int HeartbeatSeconds { get; init; } = 30;

    /// <summary>The access token is refreshed once this share of its <c>expires_in</c> has passed.</summary>
    public double RefreshAt { get; init; } = 0.8;

    public TimeSpan ReconnectInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Closed orders are remembered this long, so late copies of their events are recognised.</summary>
    public TimeSpan ClosedOrderRetention { get; init; } = TimeSpan.FromMinutes(10);

    public void Validate()
    {
        if (WebSocketUri.Scheme is not ("ws" or "wss"))
        {
            throw new ArgumentException($"deribit order entry: the WebSocket URL must be ws:// or wss://, got {WebSocketUri}");
        }

        if (LabelPrefix.Length is 0 or > 40 || !LabelPrefix.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException("deribit order entry: the label prefix must be 1 to 40 ASCII letters or digits");
        }

        if (HeartbeatSeconds < 10)
        {
            throw new ArgumentException("deribit order entry: Deribit's heartbeat interval is at least 10 s");
        }

        if (RequestTimeout <= TimeSpan.Zero || RefreshAt is <= 0 or >= 1)
        {
            throw new ArgumentException("deribit order entry: the request timeout must be positive and the refresh share within (0, 1)");
        }
    }
}
