using System.Diagnostics;
using System.Text;
using Engine.Transport.Memory;

namespace Engine.Transport.Liveness;

/// <summary>
/// Who is attached to the engine. A gateway claims a slot, then keeps its heartbeat fresh; the engine scans the
/// table and declares dead any client whose process is gone or whose heartbeat is older than the timeout.
/// Thread safety: <see cref="Register"/> may race across processes (CAS on the slot state); each slot's heartbeat
/// has one writer (its client); <see cref="ScanForDead"/> runs on one engine thread.
/// </summary>
public sealed class ClientTable
{
    private const int SlotIndexBits = 16;
    private readonly AtomicBuffer _buffer;

    public ClientTable(AtomicBuffer buffer)
    {
        _buffer = buffer;
        MaxClients = buffer.Capacity / ClientTableDescriptor.SlotLength;
    }

    public int MaxClients { get; }

    /// <summary>Claims a free (or previously released) slot for the calling process; null when the table is full.</summary>
    public ClientSlot? Register(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ProcessIdentity self = ProcessIdentity.Current;
        for (int slot = 0; slot < MaxClients; slot++)
        {
            int offset = slot * ClientTableDescriptor.SlotLength;
            int state = _buffer.GetInt32Volatile(offset + ClientTableDescriptor.StateOffset);
            bool reusable = state is (int)ClientState.Free or (int)ClientState.Closed or (int)ClientState.Dead;
            if (!reusable || !_buffer.CompareAndSetInt32(offset + ClientTableDescriptor.StateOffset, state, (int)ClientState.Claiming))
            {
                continue;
            }

            long generation = (_buffer.GetInt64(offset + ClientTableDescriptor.ClientIdOffset) >> SlotIndexBits) + 1;
            long clientId = (generation << SlotIndexBits) | (uint)slot;
            _buffer.PutInt32(offset + ClientTableDescriptor.PidOffset, self.Pid);
            _buffer.PutInt64(offset + ClientTableDescriptor.ClientIdOffset, clientId);
            _buffer.PutInt64(offset + ClientTableDescriptor.ProcessStartOffset, self.StartTime);
            _buffer.PutInt64(offset + ClientTableDescriptor.HeartbeatOffset, Stopwatch.GetTimestamp());
            Span<byte> nameField = _buffer.AsSpan(offset + ClientTableDescriptor.NameOffset, ClientTableDescriptor.NameLength);
            nameField.Clear();
            Encoding.ASCII.GetBytes(name.AsSpan(0, Math.Min(name.Length, ClientTableDescriptor.NameLength)), nameField);
            _buffer.PutInt32Ordered(offset + ClientTableDescriptor.StateOffset, (int)ClientState.Active);
            return new ClientSlot(this, offset, clientId);
        }

        return null;
    }

    /// <summary>Active clients, for status displays.</summary>
    public int ActiveCount
    {
        get
        {
            int count = 0;
            for (int slot = 0; slot < MaxClients; slot++)
            {
                if (_buffer.GetInt32Volatile((slot * ClientTableDescriptor.SlotLength) + ClientTableDescriptor.StateOffset) == (int)ClientState.Active)
                {
                    count++;
                }
            }

            return count;
        }
    }

    /// <summary>
    /// Declares dead every active client whose process is gone or whose heartbeat is older than
    /// <paramref name="timeoutTicks"/> (Stopwatch ticks), marks its slot Dead and adds it to <paramref name="dead"/>.
    /// Returns how many were declared dead by this call.
    /// </summary>
    public int ScanForDead(long nowTicks, long timeoutTicks, ICollection<DeadClient> dead)
    {
        ArgumentNullException.ThrowIfNull(dead);
        int found = 0;
        for (int slot = 0; slot < MaxClients; slot++)
        {
            int offset = slot * ClientTableDescriptor.SlotLength;
            if (_buffer.GetInt32Volatile(offset + ClientTableDescriptor.StateOffset) != (int)ClientState.Active)
            {
                continue;
            }

            var identity = new ProcessIdentity(
                _buffer.GetInt32(offset + ClientTableDescriptor.PidOffset),
                _buffer.GetInt64(offset + ClientTableDescriptor.ProcessStartOffset));
            long silence = nowTicks - _buffer.GetInt64Volatile(offset + ClientTableDescriptor.HeartbeatOffset);
            DeathCause? cause = !identity.IsAlive ? DeathCause.ProcessGone
                : silence > timeoutTicks ? DeathCause.HeartbeatStale
                : null;
            if (cause is null)
            {
                continue;
            }

            // The client may close cleanly at the same moment; only an Active slot becomes Dead.
            if (_buffer.CompareAndSetInt32(offset + ClientTableDescriptor.StateOffset, (int)ClientState.Active, (int)ClientState.Dead))
            {
                dead.Add(new DeadClient(_buffer.GetInt64(offset + ClientTableDescriptor.ClientIdOffset), identity.Pid, ReadName(offset), cause.Value, silence));
                found++;
            }
        }

        return found;
    }

    internal void Heartbeat(int offset, long nowTicks) =>
        _buffer.PutInt64Ordered(offset + ClientTableDescriptor.HeartbeatOffset, nowTicks);

    internal ClientState StateAt(int offset) => (ClientState)_buffer.GetInt32Volatile(offset + ClientTableDescriptor.StateOffset);

    internal void Close(int offset) =>
        _buffer.CompareAndSetInt32(offset + ClientTableDescriptor.StateOffset, (int)ClientState.Active, (int)ClientState.Closed);

    private string ReadName(int offset)
    {
        ReadOnlySpan<byte> field = _buffer.AsSpan(offset + ClientTableDescriptor.NameOffset, ClientTableDescriptor.NameLength);
        int end = field.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? field : field[..end]);
    }
}
