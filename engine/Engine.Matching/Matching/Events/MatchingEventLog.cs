namespace Engine.Matching;

/// <summary>
/// The matching events of one action (a venue participant's action, one engine request), in the order the matching
/// engine produced them. Cleared before each action; the array grows only past its high-water mark, so steady state
/// allocates nothing. Thread ownership: the thread that owns the matching engine.
/// </summary>
public sealed class MatchingEventLog
{
    private MatchingEvent[] _events = new MatchingEvent[64];

    public int Count { get; private set; }

    public ref readonly MatchingEvent this[int index] => ref _events[index];

    public void Clear() => Count = 0;

    public void Add(in MatchingEvent matchingEvent)
    {
        if (Count == _events.Length)
        {
            Grow();
        }

        _events[Count++] = matchingEvent;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void Grow() => Array.Resize(ref _events, _events.Length * 2);
}
