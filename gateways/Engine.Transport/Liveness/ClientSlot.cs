using System.Diagnostics;

namespace Engine.Transport.Liveness;

/// <summary>
/// A gateway's registration in the client table. The gateway calls <see cref="Heartbeat"/> from its duty cycle
/// (any cadence well inside the engine's timeout) and <see cref="Dispose"/> when it detaches cleanly.
/// Thread safety: owned by one gateway thread.
/// </summary>
public sealed class ClientSlot : IDisposable
{
    private readonly ClientTable _table;
    private readonly int _offset;

    internal ClientSlot(ClientTable table, int offset, long clientId)
    {
        _table = table;
        _offset = offset;
        ClientId = clientId;
    }

    public long ClientId { get; }

    /// <summary>False once the engine has declared this client dead: the gateway must stop and re-register.</summary>
    public bool IsActive => _table.StateAt(_offset) == ClientState.Active;

    public void Heartbeat() => _table.Heartbeat(_offset, Stopwatch.GetTimestamp());

    public void Dispose() => _table.Close(_offset);
}
