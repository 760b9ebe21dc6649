namespace Engine.Gateways.Venues.Gateway;

/// <summary>
/// One message from a venue as a frame source delivers it: a WebSocket message, or the REST depth snapshot of
/// <see cref="Symbol"/>. <see cref="ReceiveNanos"/> is when the gateway received it (UTC ns, the gateway's clock).
/// </summary>
public readonly record struct RawFrame(bool IsRestSnapshot, string? Symbol, long ReceiveNanos, ReadOnlyMemory<byte> Payload);
