using System.Globalization;
using Engine.Gateways.Admin.Audit;

namespace Engine.Cli.Auditing;

/// <summary>
/// The admin gateway's audit trail from the engine's journal: a replay (<see cref="AuditedReplay"/>) regenerates what
/// the engine answered to every admin input, so the trail is the journal's, not the gateway's memory. A replay costs
/// the journal's length, so one result is reused for <see cref="Reuse"/>; status requests are left out (they read,
/// they do not act). Thread-safe (one lock: concurrent askers wait for the same replay).
/// </summary>
public sealed class JournalAuditTrail(string journalDirectory, string configFile)
{
    public static readonly TimeSpan Reuse = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private IReadOnlyList<AuditEntry> _entries = [];
    private long _replayedAt = long.MinValue;

    public IReadOnlyList<AuditEntry> Entries()
    {
        lock (_lock)
        {
            long now = Environment.TickCount64;
            if (_replayedAt != long.MinValue && now - _replayedAt < (long)Reuse.TotalMilliseconds)
            {
                return _entries;
            }

            AuditedReplay replay;
            try
            {
                replay = AuditedReplay.Run(journalDirectory, configFile);
            }
            catch (CommandFailedException e)
            {
                throw new AuditTrailException(e.Message);
            }

            var entries = new List<AuditEntry>(replay.AdminOutcomes.Count);
            foreach (AdminOutcome outcome in replay.AdminOutcomes)
            {
                if (outcome.RefTemplateId == Engine.Codecs.StatusRequestDecoder.TemplateId)
                {
                    continue;
                }

                entries.Add(new AuditEntry(
                    outcome.JournalSequence,
                    AuditTime.Iso(outcome.RequestTime),
                    outcome.Principal,
                    outcome.Command,
                    outcome.Applied ? "applied" : outcome.Result!.Value.ToString(),
                    outcome.Reason,
                    outcome.Affected));
            }

            _entries = entries;
            _replayedAt = now;
            return entries;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"audit trail of {journalDirectory}");
}
