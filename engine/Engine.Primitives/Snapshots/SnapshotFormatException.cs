namespace Engine.Primitives;

/// <summary>A snapshot does not match what this build expects (layout, configuration, truncation).</summary>
public sealed class SnapshotFormatException : Exception
{
    public SnapshotFormatException(string message)
        : base(message)
    {
    }

    public SnapshotFormatException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
