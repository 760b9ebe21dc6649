namespace Engine.Gateways.Venues.Gateway.Live;

/// <summary>
/// A <see cref="IVenueSocketProtocol"/> whose books start from a REST snapshot (Binance) instead of one the venue
/// pushes on subscribing: <see cref="SocketLiveSource.RequestSnapshot"/> fetches it over REST rather than
/// resubscribing.
/// </summary>
internal interface IRestSnapshotProtocol
{
    /// <param name="connected">A task completed while the stream is connected (snapshots are asked for only then).</param>
    /// <param name="deliver">Queues a snapshot frame with its URL; false when the queue is full.</param>
    DepthSnapshotFetcher CreateSnapshotFetcher(TextWriter log, Func<Task> connected, Func<RawFrame, string, bool> deliver);
}
