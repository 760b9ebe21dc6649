namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>What the duty cycle asks the socket's side to send: a new order, a cancel or an amend of one engine order, under the engine's request id.</summary>
internal readonly record struct DeribitCommand(DeribitCommandKind Kind, ulong EngineOrderId, ulong RequestId);
