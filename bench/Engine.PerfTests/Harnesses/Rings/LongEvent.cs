namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// The slot of the 3p1c, pipeline and ping-pong harnesses: one long payload plus a stage result (16 bytes). ring-1p1c
/// uses <see cref="ValueEvent"/>, the payload alone.
/// </summary>
public struct LongEvent
{
    public long Value;

    /// <summary>Written by pipeline stages (each derives it from the previous stage's result).</summary>
    public long Stage;
}
