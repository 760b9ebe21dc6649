using Engine.Concurrency.Processors;

namespace Engine.Concurrency.Tests.Pipelines;

/// <summary>
/// Checks, per producer, that values arrive as 0, 1, 2, ... (nothing lost, nothing duplicated, order kept) and sums
/// the payloads. Records the first violation instead of throwing, so the test can report it.
/// </summary>
/// <remarks>Owned by its processor thread while running; read by the test after the pipeline halted.</remarks>
public sealed class StressChecker : IEventHandler<StressEvent>
{
    private readonly long[] _expectedNext;

    public StressChecker(int producers)
    {
        _expectedNext = new long[producers];
        Checksums = new long[producers];
    }

    public string Name => "checker";

    public long[] Checksums { get; }

    public long Count { get; private set; }

    public long Batches { get; private set; }

    public string? FirstViolation { get; private set; }

    public IReadOnlyList<long> Received => _expectedNext;

    public void OnEvent(ref StressEvent slot, long sequence, bool endOfBatch)
    {
        int producer = slot.ProducerId;
        if (slot.Value != _expectedNext[producer] && FirstViolation is null)
        {
            FirstViolation = $"producer {producer}: expected value {_expectedNext[producer]} at sequence {sequence}, got {slot.Value}";
        }

        _expectedNext[producer] = slot.Value + 1;
        Checksums[producer] = unchecked(Checksums[producer] + slot.Payload);
        Count++;
        if (endOfBatch)
        {
            Batches++;
        }
    }
}
