namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The simulator's control paths outside Binance's API (<c>/sim/v1/...</c>), for tests and a user trying faults
/// locally: queue faults for the next order requests, and cut the user data stream (and refuse it) until resumed.
/// </summary>
public sealed partial class BinanceSpotSimulator
{
    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied => _pipeline.FaultsApplied;

    /// <summary>Queues a fault for the next order request (new order or cancel-replace) that arrives.</summary>
    public void InjectFault(BinanceFault fault) => _pipeline.InjectFault(fault);

    /// <summary>Closes every user-data-stream socket and refuses new ones until <see cref="ResumeUserDataStream"/>: a network cut between the client and the stream.</summary>
    public void SuspendUserDataStream()
    {
        lock (Gate)
        {
            _userDataStream.Suspend();
        }
    }

    /// <summary>Sends raw bytes on every open user-data-stream socket: malformed or foreign events, for tests.</summary>
    public void PushUserDataMessage(byte[] message)
    {
        lock (Gate)
        {
            _userDataStream.PushRaw(message);
        }
    }

    public void ResumeUserDataStream()
    {
        lock (Gate)
        {
            _userDataStream.Resume();
        }
    }

    private void MapControlRoutes() => _pipeline.MapFaultRoute(_app);
}
