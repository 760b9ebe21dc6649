namespace Engine.Transport.Liveness;

/// <summary>
/// Layout of the client table: one 64-byte slot (one cache line) per attached gateway process.
/// <code>
///  slot: +0  state (int32)        Free, Claiming, Active, Closed, Dead
///        +4  pid (int32)
///        +8  client id (int64)    generation &lt;&lt; 16 | slot index: never repeats for a slot
///        +16 heartbeat (int64)    Stopwatch ticks (CLOCK_MONOTONIC, shared by all processes on the host)
///        +24 process start (int64)
///        +32 name (32 bytes, ASCII, zero padded)
/// </code>
/// </summary>
public static class ClientTableDescriptor
{
    public const int SlotLength = 64;
    public const int StateOffset = 0;
    public const int PidOffset = 4;
    public const int ClientIdOffset = 8;
    public const int HeartbeatOffset = 16;
    public const int ProcessStartOffset = 24;
    public const int NameOffset = 32;
    public const int NameLength = 32;

    public static int TotalLength(int maxClients) => maxClients * SlotLength;
}
