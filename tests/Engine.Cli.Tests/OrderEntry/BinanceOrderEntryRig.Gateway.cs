using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Engine.Gateways.Venues.OrderEntry;
using Codecs = Engine.Codecs;

namespace Engine.Cli.Tests.OrderEntry;

/// <summary>The rig's gateway process: its adapter created, killed and started again, and the operator's reconcile.</summary>
internal sealed partial class BinanceOrderEntryRig
{
    /// <summary>
    /// The gateway process dies: its adapter stops where it is (egress it had not read is lost with it) and the engine's
    /// receiver declares client <c>venue:CODE</c> gone, so the engine's orders there become unknown.
    /// </summary>
    public void StopGateway()
    {
        Adapter.Dispose();
        _requests.Clear();
        _frames.Take();
        var disconnected = Codecs.ClientDisconnectedEncoder.WrapAndApplyHeader(_input, 0);
        disconnected.ClientId = 1;
        disconnected.DetectedTime = _time;
        disconnected.Pid = 4242;
        disconnected.Cause = Codecs.DisconnectCause.ProcessGone;
        disconnected.SetName("venue:" + Venue.VenueCode);
        Input(Codecs.ClientDisconnectedEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + disconnected.EncodedLength);
    }

    /// <summary>
    /// A new gateway process starts: a fresh adapter (nothing remembered), until its first reconciliation. What the
    /// engine published while no process ran was read by none.
    /// </summary>
    public void StartGateway()
    {
        _requests.Clear();
        Adapter = CreateAdapter();
        Adapter.Start();
        PumpUntil(() => Adapter.Reconciliations >= 1, "the new gateway's first connection and reconciliation");
    }

    /// <summary>An operator's <c>engine admin reconcile</c>: the AdminReconcile input, which the engine passes to the gateway on egress.</summary>
    public void Reconcile(bool otherVenue = false)
    {
        var reconcile = Codecs.AdminReconcileEncoder.WrapAndApplyHeader(_input, 0);
        reconcile.RequestTime = _time;
        reconcile.VenueId = otherVenue ? (ushort)(_venueId == 1 ? 2 : 1) : (ushort)0;
        reconcile.PrincipalId = 7;
        Input(Codecs.AdminReconcileEncoder.TemplateId, Codecs.EngineSchema.HeaderLength + reconcile.EncodedLength);
    }

    private BinanceOrderEntryAdapter CreateAdapter()
    {
        using VenueCredentials credentials = VenueCredentials.FromFile(_credentialsFile);
        return new BinanceOrderEntryAdapter(
            Options,
            credentials,
            Venue.VenueCode,
            _venueId,
            [new OrderEntryInstrument("BTCUSDT", _instrumentId, _venueId, Venue.PriceScale, Venue.QuantityScale)],
            ["BTC", "USDT"],
            _log);
    }
}
