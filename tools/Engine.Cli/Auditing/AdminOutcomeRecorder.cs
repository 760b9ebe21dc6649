using Engine.Core;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Auditing;

/// <summary>
/// The replay's output: counts every message the BLP regenerates and keeps each <c>AdminResult</c> as an
/// <see cref="AdminOutcome"/>, so an auditor sees what became of every admin input. Owned by the replaying thread.
/// </summary>
public sealed class AdminOutcomeRecorder : IEngineOutput
{
    private readonly List<AdminOutcome> _outcomes = [];

    /// <summary>Output messages seen (order requests, cancels, rejects, answers, ...).</summary>
    public long Count { get; private set; }

    public IReadOnlyList<AdminOutcome> Outcomes => _outcomes;

    public void Publish(int templateId, ReadOnlySpan<byte> message)
    {
        Count++;
        if (templateId == Codecs.AdminResultDecoder.TemplateId)
        {
            _outcomes.Add(AdminOutcome.Decode(message));
        }
    }
}
