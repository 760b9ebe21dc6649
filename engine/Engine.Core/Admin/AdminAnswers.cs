using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The <c>AdminResult</c> answering every admin input: applied, or refused (the handler counted it as malformed)
/// with the reason, and how many orders it canceled. An output like any other: derived from the journaled inputs, so
/// a replay regenerates it. Owned by the BLP thread.
/// </summary>
internal sealed class AdminAnswers
{
    private readonly EngineCounters _counters;
    private readonly EgressEncoder _egress;
    private long _malformedBefore;
    private long _cancelsBefore;

    public AdminAnswers(EngineCounters counters, EgressEncoder egress)
    {
        _counters = counters;
        _egress = egress;
    }

    /// <summary>Before an admin input is applied: remembers the counters its answer is measured against.</summary>
    public void Begin()
    {
        _malformedBefore = _counters.MalformedInputs;
        _cancelsBefore = _counters.CancelRequests;
    }

    /// <summary>Publishes the AdminResult of the admin input just applied (refused if it counted as malformed).</summary>
    public void End(int refTemplateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        (long requestTime, uint principal) = Origin(refTemplateId, blockLength, version, message);
        bool applied = _counters.MalformedInputs == _malformedBefore;
        uint affected = (uint)Math.Clamp(_counters.CancelRequests - _cancelsBefore, 0, uint.MaxValue);
        _egress.AdminResult(requestTime, principal, refTemplateId, affected, applied, applied ? string.Empty : RefusalReason(refTemplateId));
    }

    /// <summary>Who asked and when: the key an admin client matches the answer by (CancelAll names no principal).</summary>
    private static (long RequestTime, uint Principal) Origin(int templateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        const int Body = Sbe.MessageHeaderDecoder.EncodedLength;
        switch (templateId)
        {
            case Sbe.KillSwitchDecoder.TemplateId:
            {
                var input = new Sbe.KillSwitchDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.RiskLimitChangeDecoder.TemplateId:
            {
                var input = new Sbe.RiskLimitChangeDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.DeadManHeartbeatDecoder.TemplateId:
            {
                var input = new Sbe.DeadManHeartbeatDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.InstrumentTradingActionDecoder.TemplateId:
            {
                var input = new Sbe.InstrumentTradingActionDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.StrategyParameterChangeDecoder.TemplateId:
            {
                var input = new Sbe.StrategyParameterChangeDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.FundsTransferRequestDecoder.TemplateId:
            {
                var input = new Sbe.FundsTransferRequestDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.SnapshotRequestDecoder.TemplateId:
            {
                var input = new Sbe.SnapshotRequestDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.CancelAllDecoder.TemplateId:
                return (new Sbe.CancelAllDecoder(message, Body, blockLength, version).SendingTime, 0);
            default:
                return default;
        }
    }

    /// <summary>Why an admin input of this kind is refused: the cases its handler counts as malformed.</summary>
    private static string RefusalReason(int templateId) => templateId switch
    {
        Sbe.KillSwitchDecoder.TemplateId => "the scope's target is not an open account, a traded instrument or a configured strategy (or the scope or action is unknown)",
        Sbe.RiskLimitChangeDecoder.TemplateId => "the limit does not apply to that scope, the account, instrument or strategy is unknown, or the value is out of range",
        Sbe.InstrumentTradingActionDecoder.TemplateId => "the scope's target is not a traded instrument or an open account, an id the scope does not use is not 0, or the action is unknown",
        Sbe.StrategyParameterChangeDecoder.TemplateId => "no such strategy, or the strategy refused the parameter or its value",
        Sbe.FundsTransferRequestDecoder.TemplateId => "unknown account or asset, an amount that is not positive, or a withdrawal that would overdraw the account",
        _ => "refused",
    };
}
