using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// An operator's reconcile request (AdminReconcile): the engine changes nothing, answers it as applied and passes it
/// on egress as it came, where the venue gateways act on it; a venue the registry does not have is refused and
/// nothing reaches egress but the refusal.
/// </summary>
[TestFixture]
public sealed class AdminReconcileTests
{
    [TestCase((ushort)0)]
    [TestCase((ushort)1)]
    public void Reconcile_of_a_known_venue_or_of_every_venue_is_applied_and_passed_on_to_the_gateways(ushort venue)
    {
        var fixture = new CoreFixture(withMarketMaker: false);

        byte[] frame = Reconcile(fixture, venue);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.True));
        Assert.That(result.PrincipalId, Is.EqualTo(9));
        Assert.That(result.RefTemplateId, Is.EqualTo(Sbe.AdminReconcileDecoder.TemplateId));
        byte[] forwarded = fixture.Output.OfType(Sbe.AdminReconcileDecoder.TemplateId).Single();
        Assert.That(forwarded, Is.EqualTo(frame), "the gateways read the operator's request as it was journaled");
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId), Is.Empty, "a reconcile request cancels nothing in the engine");
    }

    [Test]
    public void Reconcile_of_a_venue_the_registry_does_not_have_is_refused_and_reaches_no_gateway()
    {
        var fixture = new CoreFixture(withMarketMaker: false);

        Reconcile(fixture, 999);

        var result = SingleResult(fixture);
        Assert.That(result.Applied, Is.EqualTo(Sbe.BooleanType.False));
        Assert.That(result.Result, Is.EqualTo(Sbe.ResultCode.UnknownVenue));
        Assert.That(result.TextAsString(), Does.StartWith("venue 999 is not in the registry"));
        Assert.That(fixture.Output.OfType(Sbe.AdminReconcileDecoder.TemplateId), Is.Empty);
    }

    private static byte[] Reconcile(CoreFixture fixture, ushort venue)
    {
        byte[] frame = new byte[Sbe.EngineSchema.HeaderLength + Sbe.AdminReconcileEncoder.BlockLength];
        var reconcile = Sbe.AdminReconcileEncoder.WrapAndApplyHeader(frame, 0);
        reconcile.RequestTime = fixture.Time;
        reconcile.VenueId = venue;
        reconcile.PrincipalId = 9;
        fixture.Raw(frame);
        return frame;
    }

    private static Sbe.AdminResultDecoder SingleResult(CoreFixture fixture) =>
        Sbe.AdminResultDecoder.WrapWithHeader(fixture.Output.OfType(Sbe.AdminResultDecoder.TemplateId).Single(), 0);
}
