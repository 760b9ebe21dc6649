namespace Engine.Gateways.Venues.Deribit.OrderEntry;

/// <summary>A call to Deribit that got no usable answer (not connected, the connection lost, the session refused); it never carries a credential.</summary>
public sealed class DeribitCallException : Exception
{
    public DeribitCallException()
    {
    }

    public DeribitCallException(string message)
        : base(message)
    {
    }

    public DeribitCallException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
