namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>The ring harnesses' slot: one long payload (the LMAX perf tests' ValueEvent), plus a stage result.</summary>
public struct LongEvent
{
    public long Value;

    /// <summary>Written by pipeline stages (each derives it from the previous stage's result).</summary>
    public long Stage;
}
