using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core;

/// <summary>
/// A venue gateway's reconciliation finding (VenueAlert): counted, published on egress as it came (consoles show it,
/// and the journal already holds it), and on a balance or position break, when risk.json's
/// <c>killSwitchOnVenueBreak</c> is set, the named account is stopped as after an accounting break (kill switch on,
/// its orders canceled) until an operator has reconciled it and turns the switch off. An alert that names no account,
/// or an account that is not open, stops nothing: the count and the published alert still tell the operator.
/// Owned by the BLP thread.
/// </summary>
internal sealed class VenueAlertHandler
{
    private readonly EngineCounters _counters;
    private readonly CoreSettings _settings;
    private readonly ExecutionReportHandler _executions;
    private readonly EgressEncoder _egress;

    public VenueAlertHandler(EngineCounters counters, CoreSettings settings, ExecutionReportHandler executions, EgressEncoder egress)
    {
        _counters = counters;
        _settings = settings;
        _executions = executions;
        _egress = egress;
    }

    public void OnVenueAlert(Sbe.VenueAlertDecoder alert, ReadOnlySpan<byte> message)
    {
        // Decoded and checked before anything changes: a truncated text or an unknown venue or kind applies nothing.
        _ = alert.Text();
        if (alert.VenueId == 0 || alert.VenueId > _settings.Registry.Venues.Count
            || alert.Kind is not (Sbe.VenueAlertKind.BalanceBreak or Sbe.VenueAlertKind.PositionBreak or Sbe.VenueAlertKind.OrphanCanceled or Sbe.VenueAlertKind.MissedFillRecovered))
        {
            _counters.MalformedInputs++;
            return;
        }

        _counters.VenueAlerts++;
        _egress.Forward(Sbe.VenueAlertDecoder.TemplateId, message);
        if (alert.Kind is not (Sbe.VenueAlertKind.BalanceBreak or Sbe.VenueAlertKind.PositionBreak))
        {
            return;
        }

        _counters.VenueBreaks++;
        var account = new AccountId((int)Math.Min(alert.AccountId, int.MaxValue));
        if (_settings.Risk.KillSwitchOnVenueBreak && account.Value > 0)
        {
            _executions.StopAccount(account);
        }
    }
}
