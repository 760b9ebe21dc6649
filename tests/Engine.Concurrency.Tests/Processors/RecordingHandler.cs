using Engine.Concurrency.Processors;
using Engine.Concurrency.Sequencing;

namespace Engine.Concurrency.Tests.Processors;

/// <summary>Records every sequence it handles and the end-of-batch flags; throws on the configured sequences.</summary>
/// <remarks>Owned by its processor thread while running; read by the test after halt.</remarks>
public sealed class RecordingHandler : IEventHandler<long>
{
    private readonly HashSet<long> _throwAt;

    public RecordingHandler(string name, params long[] throwAt)
    {
        Name = name;
        _throwAt = [.. throwAt];
    }

    public string Name { get; }

    public List<long> Sequences { get; } = [];

    public List<long> BatchEnds { get; } = [];

    public int Starts { get; private set; }

    public int Shutdowns { get; private set; }

    public string? StartThreadName { get; private set; }

    /// <summary>The sequence to read at each <see cref="OnBatchPublished"/> (the processor's own, set by the test).</summary>
    public Sequence? Observed { get; set; }

    /// <summary>What <see cref="Observed"/> read at each OnBatchPublished.</summary>
    public List<long> PublishedAtHook { get; } = [];

    public void OnStart()
    {
        Starts++;
        StartThreadName = Thread.CurrentThread.Name;
    }

    public void OnShutdown() => Shutdowns++;

    public void OnBatchPublished() => PublishedAtHook.Add(Observed?.Value ?? -1);

    public void OnEvent(ref long slot, long sequence, bool endOfBatch)
    {
        if (_throwAt.Contains(sequence))
        {
            throw new InvalidDataException($"bad event {slot}");
        }

        Sequences.Add(sequence);
        if (endOfBatch)
        {
            BatchEnds.Add(sequence);
        }
    }
}
