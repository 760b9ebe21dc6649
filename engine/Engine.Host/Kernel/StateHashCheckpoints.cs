namespace Engine.Host;

/// <summary>
/// The state hashes a kernel recorded at its latest checkpoints (the last <see cref="Capacity"/>), so that a
/// StateHashCheckpoint input journaled a little later (by the receiver thread, some inputs after) can be checked
/// against the state as it was at the sequence it names. Owned by the thread that applies inputs.
/// </summary>
internal sealed class StateHashCheckpoints
{
    public const int Capacity = 16;

    private readonly long[] _sequences = new long[Capacity];
    private readonly ulong[] _hashes = new ulong[Capacity];
    private int _next;

    public long Verified { get; private set; }

    public long Unverifiable { get; private set; }

    public void Record(long sequence, ulong hash)
    {
        _sequences[_next] = sequence;
        _hashes[_next] = hash;
        _next = (_next + 1) % Capacity;
    }

    /// <summary>True when the recorded hash at <paramref name="sequence"/> is <paramref name="expected"/>, false when it differs, null when none was recorded.</summary>
    public bool? Check(long sequence, ulong expected, out ulong actual)
    {
        for (int i = 0; i < Capacity; i++)
        {
            if (_sequences[i] == sequence && sequence > 0)
            {
                actual = _hashes[i];
                if (actual != expected)
                {
                    return false;
                }

                Verified++;
                return true;
            }
        }

        actual = 0;
        Unverifiable++;
        return null;
    }
}
