namespace Engine.Gateways.Venues.Recordings;

/// <summary>
/// One message of a recorded venue session: a WebSocket message from the venue, or a REST response with the URL it
/// answered. <see cref="ReceiveNanos"/> is the recorder's receive time (UTC ns). The payload is valid only during the
/// callback that receives it (the reader reuses its buffer).
/// </summary>
public readonly ref struct RecordedFrame
{
    public RecordedFrame(RecordedFrameKind kind, long receiveNanos, ReadOnlySpan<byte> payload, string? url)
    {
        Kind = kind;
        ReceiveNanos = receiveNanos;
        Payload = payload;
        Url = url;
    }

    public RecordedFrameKind Kind { get; }

    public long ReceiveNanos { get; }

    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>The REST request's URL (null for WebSocket messages).</summary>
    public string? Url { get; }
}

public enum RecordedFrameKind : byte
{
    WebSocket = 0,
    RestResponse = 1,

    /// <summary>The recorder (re)connected its WebSocket: books restart from new snapshots.</summary>
    Connected = 2,
}

/// <summary>Receives the frames of a recording in order.</summary>
public delegate void RecordedFrameHandler(in RecordedFrame frame);
