using Engine.Primitives;

namespace Engine.Core;

/// <summary>
/// Why the admin input being applied was refused: the result code and the reason in words, with the ids that made
/// it fail. <see cref="AdminCommands"/> sets it when a command cannot apply (and counts it in
/// <see cref="EngineCounters.AdminRefused"/>); <see cref="AdminAnswers"/> clears it before each admin input and
/// publishes it in the AdminResult. Both are derived from the journaled input alone, so a replay gives the same
/// refusal. A refusal is rare and its text is formatted (it allocates); an applied command does not touch it.
/// Owned by the BLP thread.
/// </summary>
internal sealed class AdminRefusal
{
    private readonly EngineCounters _counters;

    public AdminRefusal(EngineCounters counters)
    {
        _counters = counters;
    }

    /// <summary><see cref="ResultCode.Ok"/> unless the admin input being applied was refused.</summary>
    public ResultCode Code { get; private set; }

    /// <summary>The reason in words; empty unless refused.</summary>
    public string Text { get; private set; } = string.Empty;

    public bool IsRefused => Code != ResultCode.Ok;

    public void Clear()
    {
        Code = ResultCode.Ok;
        Text = string.Empty;
    }

    /// <summary>Refuses the admin input being applied (the first refusal of an input wins); it changes nothing.</summary>
    public void Refuse(ResultCode code, string text)
    {
        if (IsRefused)
        {
            return;
        }

        _counters.AdminRefused++;
        Code = code;
        Text = text;
    }
}
