namespace Engine.Transport;

/// <summary>The shared memory holds something no correct peer writes (an impossible record length).</summary>
public sealed class TransportCorruptionException : Exception
{
    public TransportCorruptionException(string message)
        : base(message)
    {
    }
}
