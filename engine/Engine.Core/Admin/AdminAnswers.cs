using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// The <c>AdminResult</c> answering every admin input: applied, or refused with the result code and the reason its
/// handler gave (<see cref="AdminRefusal"/>), and how many orders it canceled. An output like any other: derived from the journaled inputs, so
/// a replay regenerates it. Owned by the BLP thread.
/// </summary>
internal sealed class AdminAnswers
{
    private readonly EngineCounters _counters;
    private readonly EgressEncoder _egress;
    private readonly AdminRefusal _refusal;
    private long _malformedBefore;
    private long _cancelsBefore;

    public AdminAnswers(EngineCounters counters, EgressEncoder egress, AdminRefusal refusal)
    {
        _counters = counters;
        _egress = egress;
        _refusal = refusal;
    }

    /// <summary>Before an admin input is applied: clears the refusal and remembers the counters its answer is measured against.</summary>
    public void Begin()
    {
        _refusal.Clear();
        _malformedBefore = _counters.MalformedInputs;
        _cancelsBefore = _counters.CancelRequests;
    }

    /// <summary>Publishes the AdminResult of the admin input just applied: refused when its handler refused it (or, for an input no handler refuses, counted it malformed).</summary>
    public void End(int refTemplateId, int blockLength, int version, ReadOnlySpan<byte> message)
    {
        (long requestTime, uint principal) = Origin(refTemplateId, blockLength, version, message);
        ResultCode result = _refusal.IsRefused ? _refusal.Code : _counters.MalformedInputs != _malformedBefore ? ResultCode.InvalidMessage : ResultCode.Ok;
        string text = _refusal.IsRefused ? _refusal.Text : result == ResultCode.Ok ? string.Empty : "the input is malformed";
        uint affected = (uint)Math.Clamp(_counters.CancelRequests - _cancelsBefore, 0, uint.MaxValue);
        _egress.AdminResult(requestTime, principal, refTemplateId, affected, result, text);
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

            case Sbe.AdminCancelOrderDecoder.TemplateId:
            {
                var input = new Sbe.AdminCancelOrderDecoder(message, Body, blockLength, version);
                return (input.RequestTime, input.PrincipalId);
            }

            case Sbe.AdminReconcileDecoder.TemplateId:
            {
                var input = new Sbe.AdminReconcileDecoder(message, Body, blockLength, version);
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
}
