namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>Per-round figures of one measured ring style: the rate and what explains it.</summary>
/// <remarks>Owned by the harness's thread.</remarks>
public sealed class RoundFigures
{
    /// <summary>Events per second, one entry per round.</summary>
    public List<double> Rates { get; } = [];

    /// <summary>Events the consumer found per batch: a few when it chases the producer, the ring size when handed a full ring.</summary>
    public List<double> EventsPerBatch { get; } = [];

    /// <summary>Bytes the whole process allocated during the round (the ring itself should allocate none).</summary>
    public List<double> AllocatedBytes { get; } = [];

    /// <summary>Generation-0 collections during the round.</summary>
    public List<double> Gen0Collections { get; } = [];
}
