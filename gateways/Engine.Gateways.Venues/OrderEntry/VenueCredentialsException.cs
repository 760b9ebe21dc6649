namespace Engine.Gateways.Venues.OrderEntry;

/// <summary>Venue credentials that cannot be used; the message names where and why, never a key or secret.</summary>
public sealed class VenueCredentialsException : Exception
{
    public VenueCredentialsException()
    {
    }

    public VenueCredentialsException(string message)
        : base(message)
    {
    }

    public VenueCredentialsException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
