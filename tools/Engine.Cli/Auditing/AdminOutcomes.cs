using Engine.Journal.Reading;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Auditing;

/// <summary>
/// The outcome of every admin input of a journal, for <c>engine journal dump</c> and <c>export</c>.
/// <para>
/// Why a replay: the journal holds the engine's inputs only. The AdminResult that answers an admin input is an output
/// of the business-logic processor (<c>AdminAnswers</c> on the egress), so no record says whether a kill switch or a
/// deposit was applied or refused. It is, though, a pure function of the inputs before it and the configuration: the
/// BLP is deterministic, and replaying the journal through a fresh one (exactly as <c>engine journal replay</c> does,
/// <see cref="AuditedReplay"/>) regenerates every AdminResult the engine published, with the reason text the engine
/// gave. Guessing it from the records instead (e.g. "an unknown account is refused") would duplicate the BLP's rules
/// and drift from them. When the journal cannot be replayed (no configuration, not an engine journal, a replay that
/// stops), the outcomes are unknown and <see cref="Unknown"/> says why; nothing is guessed.
/// </para>
/// Built once per command run; immutable afterwards.
/// </summary>
public sealed class AdminOutcomes
{
    private readonly Dictionary<long, AdminOutcome> _bySequence;

    private AdminOutcomes(Dictionary<long, AdminOutcome> bySequence, string? unknown)
    {
        _bySequence = bySequence;
        Unknown = unknown;
    }

    /// <summary>Why outcomes are unknown; null when the replay gave them.</summary>
    public string? Unknown { get; }

    /// <summary>No admin input to answer: nothing replayed.</summary>
    public static AdminOutcomes None { get; } = new([], null);

    /// <summary>
    /// Replays the journal when it holds an admin input in [<paramref name="first"/>, <paramref name="last"/>] (a
    /// replay always starts at the beginning: an outcome depends on everything before it); otherwise answers without one.
    /// </summary>
    public static AdminOutcomes For(string journalDirectory, string? configFile, long first, long last)
    {
        if (!HoldsAdminInput(journalDirectory, first, last))
        {
            return None;
        }

        AuditedReplay replay;
        try
        {
            replay = AuditedReplay.Run(journalDirectory, configFile);
        }
        catch (CommandFailedException e)
        {
            return new AdminOutcomes([], "unknown: the journal could not be replayed to learn it (" + e.Message + ")");
        }

        return new AdminOutcomes(replay.AdminOutcomes.ToDictionary(outcome => outcome.JournalSequence), null);
    }

    /// <summary>The outcome of the admin input at <paramref name="sequence"/>; false when unknown (see <see cref="Unknown"/>).</summary>
    public bool TryGet(long sequence, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out AdminOutcome? outcome) => _bySequence.TryGetValue(sequence, out outcome);

    private static bool HoldsAdminInput(string journalDirectory, long first, long last)
    {
        using JournalReader reader = JournalReader.Open(journalDirectory);
        if (first != long.MinValue && !reader.Seek(first))
        {
            return false;
        }

        while (reader.TryRead(out JournalRecord record) && record.Sequence <= last)
        {
            if (Codecs.MessageCatalog.IsAdmin(record.TemplateId))
            {
                return true;
            }
        }

        return false;
    }
}
