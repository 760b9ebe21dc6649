using System.Globalization;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Auditing;

/// <summary>
/// What the engine did with one admin input, as its <c>AdminResult</c> said: applied, or refused with the result code
/// and the reason. Derived by replaying the journal (the BLP regenerates every AdminResult from the journaled inputs),
/// so it is the same on every replay and equal to what the live engine answered. Immutable.
/// </summary>
/// <param name="JournalSequence">The admin input's journal sequence.</param>
/// <param name="RefTemplateId">The admin input's template.</param>
/// <param name="RequestTime">The input's request time (sendingTime for CancelAll): the key its gateway matched the answer by.</param>
/// <param name="Principal">Who asked (0 for CancelAll, which names no principal).</param>
/// <param name="Result">Null when applied; else the wire's result code.</param>
/// <param name="Reason">Why it was refused, with the ids at fault; empty when applied.</param>
/// <param name="Affected">Orders it canceled.</param>
public sealed record AdminOutcome(long JournalSequence, int RefTemplateId, long RequestTime, uint Principal, Codecs.ResultCode? Result, string Reason, uint Affected)
{
    public bool Applied => Result is null;

    /// <summary>The admin input's message name (KillSwitch, RiskLimitChange, ...), or its template id.</summary>
    public string Command => RefTemplateId switch
    {
        Codecs.KillSwitchDecoder.TemplateId => "KillSwitch",
        Codecs.RiskLimitChangeDecoder.TemplateId => "RiskLimitChange",
        Codecs.DeadManHeartbeatDecoder.TemplateId => "DeadManHeartbeat",
        Codecs.InstrumentTradingActionDecoder.TemplateId => "InstrumentTradingAction",
        Codecs.StrategyParameterChangeDecoder.TemplateId => "StrategyParameterChange",
        Codecs.FundsTransferRequestDecoder.TemplateId => "FundsTransferRequest",
        Codecs.SnapshotRequestDecoder.TemplateId => "SnapshotRequest",
        Codecs.AdminCancelOrderDecoder.TemplateId => "AdminCancelOrder",
        Codecs.AdminReconcileDecoder.TemplateId => "AdminReconcile",
        Codecs.CancelAllDecoder.TemplateId => "CancelAll",
        Codecs.StatusRequestDecoder.TemplateId => "StatusRequest",
        _ => "template " + RefTemplateId.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>
    /// Decodes an AdminResult message (standard header included). An AdminResult of schema version 0-2 carries no
    /// result code: a refusal then reads as <see cref="Codecs.ResultCode.NullValue"/> with its text.
    /// </summary>
    public static AdminOutcome Decode(ReadOnlySpan<byte> message)
    {
        var result = Codecs.AdminResultDecoder.WrapWithHeader(message, 0);
        bool applied = result.Applied == Codecs.BooleanType.True;
        Codecs.ResultCode? code = applied ? null : result.ResultInActingVersion ? result.Result : Codecs.ResultCode.NullValue;
        uint affected = result.Affected;
        return new AdminOutcome((long)result.JournalSequence, result.RefTemplateId, result.RequestTime, result.PrincipalId, code, result.TextAsString(), affected);
    }

    /// <summary><c>seq 12 KillSwitch by principal 9: refused UnknownAccount (1003): account 999 is not an open account</c>.</summary>
    public override string ToString()
    {
        string who = Principal == 0 ? string.Empty : " by principal " + Principal.ToString(CultureInfo.InvariantCulture);
        string what = Applied
            ? "applied" + (Affected > 0 ? string.Create(CultureInfo.InvariantCulture, $", {Affected} orders canceled") : string.Empty)
            : string.Create(CultureInfo.InvariantCulture, $"refused {Result} ({(ushort)Result!.Value}): {Reason}");
        return string.Create(CultureInfo.InvariantCulture, $"seq {JournalSequence} {Command}{who}: {what}");
    }
}
