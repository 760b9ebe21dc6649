namespace Engine.Gateways.Venues.Feeds;

/// <summary>
/// What a feed saw and did, for the gateway's status and the verifier's report. Bad input is counted per kind, and
/// the first message of each kind is described to <see cref="Log"/> (once per kind, so a flood cannot drown the log).
/// Owned by the feed's thread.
/// </summary>
public sealed class FeedCounters
{
    private readonly long[] _badInput = new long[Enum.GetValues<BadInputKind>().Length];

    /// <summary>Receives one line per bad-input kind, the first time it is seen (null: not logged).</summary>
    public Action<string>? Log { get; init; }

    public long Messages { get; internal set; }

    public long Snapshots { get; internal set; }

    /// <summary>Depth updates applied to a book.</summary>
    public long DepthUpdates { get; internal set; }

    /// <summary>Price levels those updates changed (an update carries many).</summary>
    public long LevelsApplied { get; internal set; }

    /// <summary>Updates before or at a snapshot's sequence, dropped as the venue's procedure says.</summary>
    public long UpdatesDropped { get; internal set; }

    /// <summary>Trades and quotes at or before the sequence of the last one passed on (resent, or replayed on a new subscription), dropped.</summary>
    public long DuplicatesDropped { get; internal set; }

    public long Gaps { get; internal set; }

    /// <summary>Snapshots that replaced a stale book.</summary>
    public long Resyncs { get; internal set; }

    public long CrossedBooks { get; internal set; }

    public long Trades { get; internal set; }

    public long BookTickerChecks { get; internal set; }

    public long BookTickerMismatches { get; internal set; }

    public long Checksums { get; internal set; }

    public long ChecksumMismatches { get; internal set; }

    public long StaleFeeds { get; internal set; }

    public long BadInput(BadInputKind kind) => _badInput[(int)kind];

    public long BadInputTotal
    {
        get
        {
            long total = 0;
            foreach (long count in _badInput)
            {
                total += count;
            }

            return total;
        }
    }

    /// <summary>Counts a bad message; describes the first of its kind to <see cref="Log"/>.</summary>
    internal void CountBadInput(BadInputKind kind, string venue, string detail)
    {
        if (_badInput[(int)kind]++ == 0)
        {
            Log?.Invoke($"{venue}: {kind}: {detail} (further messages of this kind are only counted)");
        }
    }
}
