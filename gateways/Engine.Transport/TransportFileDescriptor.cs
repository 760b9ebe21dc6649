namespace Engine.Transport;

/// <summary>
/// Layout of the transport file (one mapped file per engine instance). Every region starts on a page boundary.
/// <code>
///  +0       header (4096 bytes)
///           +0   magic (int64)              "ENGIPC01" (ASCII, little-endian)
///           +8   layout version (int32)
///           +12  header length (int32)
///           +16  ingress capacity (int32)    data bytes, power of two
///           +20  egress capacity (int32)     data bytes, power of two
///           +24  max clients (int32)
///           +28  ready (int32)               1 once the engine initialised the file (written last)
///           +32  engine pid (int32)
///           +40  engine process start (int64)
///           +48  engine heartbeat (int64)    Stopwatch ticks
///  +4096    ingress: many-to-one ring        RingBufferDescriptor.TotalLength(ingress capacity)
///  +...     egress: broadcast buffer         BroadcastBufferDescriptor.TotalLength(egress capacity)
///  +...     client table                     ClientTableDescriptor.TotalLength(max clients)
/// </code>
/// Any change to this layout or the record framing increments <see cref="LayoutVersion"/>: a peer built for
/// another layout is refused with a message naming both versions.
/// </summary>
public static class TransportFileDescriptor
{
    /// <summary>"ENGIPC01" read as a little-endian int64.</summary>
    public const long Magic = 0x3130_4350_4947_4E45;
    public const int LayoutVersion = 1;
    public const int HeaderLength = 4096;
    public const int PageSize = 4096;

    public const int MagicOffset = 0;
    public const int LayoutVersionOffset = 8;
    public const int HeaderLengthOffset = 12;
    public const int IngressCapacityOffset = 16;
    public const int EgressCapacityOffset = 20;
    public const int MaxClientsOffset = 24;
    public const int ReadyOffset = 28;
    public const int EnginePidOffset = 32;
    public const int EngineProcessStartOffset = 40;
    public const int EngineHeartbeatOffset = 48;

    public static int IngressOffset => HeaderLength;

    public static int EgressOffset(int ingressCapacity) =>
        IngressOffset + AlignToPage(Ingress.RingBufferDescriptor.TotalLength(ingressCapacity));

    public static int ClientTableOffset(int ingressCapacity, int egressCapacity) =>
        EgressOffset(ingressCapacity) + AlignToPage(Egress.BroadcastBufferDescriptor.TotalLength(egressCapacity));

    public static long FileLength(int ingressCapacity, int egressCapacity, int maxClients) =>
        ClientTableOffset(ingressCapacity, egressCapacity) + (long)AlignToPage(Liveness.ClientTableDescriptor.TotalLength(maxClients));

    private static int AlignToPage(int length) => (length + (PageSize - 1)) & ~(PageSize - 1);
}
