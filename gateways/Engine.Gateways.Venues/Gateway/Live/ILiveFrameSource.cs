namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>A frame source connected to a venue: started and stopped by the gateway command, which prints its counts.</summary>
public interface ILiveFrameSource : IRawFrameSource
{
    /// <summary>Where it connects (the first connection's URL).</summary>
    Uri StreamUrl { get; }

    /// <summary>The recording being written, if any.</summary>
    FrameRecorder? Recorder { get; }

    /// <summary>Starts the connection's background task.</summary>
    void Start();

    /// <summary>Closes the connection and the recording (flushed); frames still queued stay readable. Idempotent.</summary>
    void Stop();

    /// <summary>The connection's counts for the gateway's last line (connections, reconnects, frames, ...).</summary>
    string Summary();
}
