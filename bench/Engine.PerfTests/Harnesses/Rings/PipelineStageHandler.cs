using Engine.Concurrency.Processors;

namespace Engine.PerfTests.Harnesses.Rings;

/// <summary>
/// One stage of the three-stage pipeline: stage 0 sets <c>Stage = Value + 1</c>, stage 1 doubles it, stage 2 sums it.
/// A stage that ran before its predecessor would read a stale <c>Stage</c> and break the final sum.
/// </summary>
/// <remarks>Owned by its processor thread.</remarks>
public struct PipelineStageHandler : IEventHandler<LongEvent>
{
    private readonly int _stage;

    public PipelineStageHandler(int stage)
    {
        _stage = stage;
        Sum = 0;
        Count = 0;
    }

    public long Sum;
    public long Count;

    public readonly string Name => $"stage-{_stage}";

    public void OnEvent(ref LongEvent slot, long sequence, bool endOfBatch)
    {
        switch (_stage)
        {
            case 0:
                slot.Stage = slot.Value + 1;
                break;
            case 1:
                slot.Stage *= 2;
                break;
            default:
                Sum += slot.Stage;
                Count++;
                break;
        }
    }
}
