namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>The requests the adapter sends Deribit for the engine.</summary>
internal enum DeribitCommandKind
{
    NewOrder,
    Cancel,
    Amend,
}
