namespace Engine.Gateways.Admin.Users;

/// <summary>
/// Locks a user name out after <see cref="MaxFailures"/> failed logins in a row, for <see cref="Duration"/>; a success
/// clears the count. Names that are not users are counted the same way, so the answers do not tell which names exist.
/// Thread-safe (one lock; logins are rare). Bounded: it tracks at most <see cref="MaxTrackedNames"/> names, forgetting
/// the ones whose lockout has passed first and otherwise the oldest.
/// </summary>
public sealed class LoginLockout(int maxFailures, TimeSpan duration, TimeProvider time)
{
    public const int MaxTrackedNames = 10_000;

    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public int MaxFailures { get; } = maxFailures;

    public TimeSpan Duration { get; } = duration;

    /// <summary>When the name's lockout ends, or null when it may try.</summary>
    public DateTimeOffset? LockedUntil(string name)
    {
        lock (_lock)
        {
            return _entries.TryGetValue(name, out Entry entry) && entry.LockedUntil > time.GetUtcNow() ? entry.LockedUntil : null;
        }
    }

    /// <summary>Counts a failure; returns when the name is now locked out until, or null.</summary>
    public DateTimeOffset? Failed(string name)
    {
        lock (_lock)
        {
            DateTimeOffset now = time.GetUtcNow();
            if (!_entries.TryGetValue(name, out Entry entry) || (entry.LockedUntil != default && entry.LockedUntil <= now))
            {
                entry = default;
                MakeRoom(now);
            }

            entry.Failures++;
            entry.LastFailure = now;
            if (entry.Failures >= MaxFailures)
            {
                entry.LockedUntil = now + Duration;
            }

            _entries[name] = entry;
            return entry.LockedUntil > now ? entry.LockedUntil : null;
        }
    }

    public void Succeeded(string name)
    {
        lock (_lock)
        {
            _entries.Remove(name);
        }
    }

    private void MakeRoom(DateTimeOffset now)
    {
        if (_entries.Count < MaxTrackedNames)
        {
            return;
        }

        foreach ((string name, Entry entry) in _entries.ToList())
        {
            if (entry.LockedUntil <= now)
            {
                _entries.Remove(name);
            }
        }

        if (_entries.Count >= MaxTrackedNames)
        {
            string oldest = _entries.MinBy(e => e.Value.LastFailure).Key;
            _entries.Remove(oldest);
        }
    }

    private struct Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset LockedUntil;
    }
}
