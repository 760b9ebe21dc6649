using Engine.Gateways.Venues.Binance.OrderEntry.Adapter;
using Sbe = Engine.Codecs;

namespace Engine.Gateways.Venues.Tests.OrderEntry;

[TestFixture]
public sealed class EngineVenueAlertTests
{
    [Test]
    public void ABalanceBreak_IsEncodedWithItsExactFigures_TheAccountAndTheText()
    {
        var alert = new EngineVenueAlert(Sbe.VenueAlertKind.BalanceBreak, 3, 0, 100_000.00000001m, 99_990.5m, 1_700_000_000_000_000_000, "balance break: USDT Binance 99990.5 expected 100000.00000001");
        byte[] frame = new byte[EngineVenueAlert.MaxFrameLength];

        int length = alert.Encode(frame, venueId: 7);

        var decoded = Sbe.VenueAlertDecoder.WrapWithHeader(frame.AsSpan(0, length), 0);
        var header = (decoded.Kind, decoded.AccountId, decoded.VenueId, decoded.Time);
        var expected = (decoded.Expected.Mantissa, decoded.Expected.Exponent);
        var actual = (decoded.Actual.Mantissa, decoded.Actual.Exponent);
        string text = decoded.TextAsString();
        Assert.That(header, Is.EqualTo((Sbe.VenueAlertKind.BalanceBreak, 3UL, (ushort)7, 1_700_000_000_000_000_000L)));
        Assert.That(expected, Is.EqualTo((10_000_000_000_001L, (sbyte)-8)));
        Assert.That(actual, Is.EqualTo((999_905L, (sbyte)-1)));
        Assert.That(text, Does.StartWith("balance break: USDT"));
    }

    [Test]
    public void AText_LongerThanTheFrameAllows_IsCutOnACharacterBoundary()
    {
        var alert = new EngineVenueAlert(Sbe.VenueAlertKind.OrphanCanceled, 1, 2, 0, 0, 1, new string('\u00e9', 400));
        byte[] frame = new byte[EngineVenueAlert.MaxFrameLength];

        int length = alert.Encode(frame, venueId: 1);

        string text = Sbe.VenueAlertDecoder.WrapWithHeader(frame.AsSpan(0, length), 0).TextAsString();
        Assert.That(text, Is.EqualTo(new string('\u00e9', EngineVenueAlert.MaxTextBytes / 2)));
    }
}
