namespace Engine.Cli.Data;

/// <summary>
/// Input an import could not use: every rejection is counted, the first <see cref="Kept"/> are kept with where they
/// were and why, so a file full of bad lines is reported in a few lines. Owned by the import's thread.
/// </summary>
public sealed class RejectedLines
{
    public const int Kept = 20;

    private readonly List<Rejection> _first = [];

    public long Count { get; private set; }

    public IReadOnlyList<Rejection> First => _first;

    /// <summary>How many rejections <see cref="First"/> stands for (an entry of <see cref="AddMany"/> stands for many).</summary>
    public long Described { get; private set; }

    /// <param name="line">1-based line number in <paramref name="file"/>; 0 when the source has no line (a venue feed's message).</param>
    public void Add(string file, long line, string reason)
    {
        Count++;
        if (_first.Count < Kept)
        {
            _first.Add(new Rejection(file, line, reason));
            Described++;
        }
    }

    /// <summary>Counts <paramref name="count"/> rejections known only in total (a feed's bad messages of one kind), kept as one entry.</summary>
    public void AddMany(string file, long count, string reason)
    {
        if (count <= 0)
        {
            return;
        }

        Count += count;
        if (_first.Count < Kept)
        {
            _first.Add(new Rejection(file, 0, reason));
            Described += count;
        }
    }

    public readonly record struct Rejection(string File, long Line, string Reason)
    {
        public override string ToString() => Line > 0 ? $"{File}:{Line}: {Reason}" : $"{File}: {Reason}";
    }
}
