using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Engine.Gateways.VenueSimulators.Binance;

/// <summary>
/// The simulator's control paths outside Binance's API (<c>/sim/v1/...</c>), for tests and a user trying faults
/// locally: queue faults for the next order requests, and cut the user data stream (and refuse it) until resumed.
/// </summary>
public sealed partial class BinanceSpotSimulator
{
    private readonly Queue<BinanceFault> _faults = new();

    /// <summary>Faults applied so far.</summary>
    public int FaultsApplied { get; private set; }

    /// <summary>Queues a fault for the next order request (new order or cancel-replace) that arrives.</summary>
    public void InjectFault(BinanceFault fault)
    {
        ArgumentNullException.ThrowIfNull(fault);
        lock (_faults)
        {
            _faults.Enqueue(fault);
        }
    }

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

    private void MapControlRoutes()
    {
        _app.MapPost("/sim/v1/fault", (HttpContext context) =>
        {
            BinanceFault? fault = BinanceFault.Parse(context.Request.Query["kind"], context.Request.Query["delayMillis"]);
            if (fault is null)
            {
                return Results.BadRequest(new JsonObject { ["error"] = "want kind=delay (with delayMillis > 0), 500, 500-not-applied or drop" });
            }

            InjectFault(fault);
            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/userDataStream/suspend", () =>
        {
            SuspendUserDataStream();
            return Results.Json(new JsonObject());
        });
        _app.MapPost("/sim/v1/userDataStream/resume", () =>
        {
            ResumeUserDataStream();
            return Results.Json(new JsonObject());
        });
    }

    private BinanceFault? TakeFault()
    {
        lock (_faults)
        {
            if (!_faults.TryDequeue(out BinanceFault? fault))
            {
                return null;
            }

            FaultsApplied++;
            return fault;
        }
    }

    /// <summary>Delays or drops the answer of an applied request; false when there is no answer to write.</summary>
    private static async Task<bool> ApplyFaultAsync(HttpContext context, BinanceFault fault)
    {
        switch (fault.Kind)
        {
            case BinanceFaultKind.Delay:
                try
                {
                    await Task.Delay(fault.DelayMillis, context.RequestAborted).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // The client gave up and closed the connection: nobody to answer.
                    return false;
                }

                return !context.RequestAborted.IsCancellationRequested;
            case BinanceFaultKind.Drop:
                context.Abort();
                return false;
            default:
                return true;
        }
    }
}
