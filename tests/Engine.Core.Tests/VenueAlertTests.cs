using Engine.Core;
using Engine.Model;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

[TestFixture]
public sealed class VenueAlertTests
{
    private const long OneUsdt = 100_000_000;
    private const ushort Sim = 1;

    [Test]
    public void ABalanceBreak_WithKillSwitchOnVenueBreak_StopsTheAccountAndCancelsItsOrders()
    {
        CoreFixture fixture = TraderWithAnOpenOrder(killSwitchOnVenueBreak: true);

        Alert(fixture, Sbe.VenueAlertKind.BalanceBreak, CoreFixture.Trader, "USDT Binance 99990 expected 100000 (difference -10)");

        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.True);
        Assert.That(fixture.Processor.Counters.KillSwitchCancels, Is.EqualTo(1));
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId).Count(), Is.EqualTo(1), "the open order is canceled at its venue");
        Assert.That((fixture.Processor.Counters.VenueAlerts, fixture.Processor.Counters.VenueBreaks), Is.EqualTo((1L, 1L)));
        byte[] published = fixture.Output.OfType(Sbe.VenueAlertDecoder.TemplateId).Single();
        Assert.That(Sbe.VenueAlertDecoder.WrapWithHeader(published, 0).TextAsString(), Does.Contain("USDT Binance 99990"), "published on egress as it came, for consoles");
    }

    [Test]
    public void ABalanceBreak_WithoutTheSetting_IsCountedAndPublished_AndTheAccountTradesOn()
    {
        CoreFixture fixture = TraderWithAnOpenOrder(killSwitchOnVenueBreak: false);

        Alert(fixture, Sbe.VenueAlertKind.PositionBreak, CoreFixture.Trader, "BTCUSDT position 0.002 expected 0.001");

        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.False);
        Assert.That(fixture.Output.OfType(Sbe.CancelOrderDecoder.TemplateId), Is.Empty);
        Assert.That(fixture.Processor.Counters.VenueBreaks, Is.EqualTo(1));
        Assert.That(fixture.Output.OfType(Sbe.VenueAlertDecoder.TemplateId).Count(), Is.EqualTo(1));
    }

    [Test]
    public void AnOrphanCanceledOrAMissedFill_IsCountedButStopsNothing()
    {
        CoreFixture fixture = TraderWithAnOpenOrder(killSwitchOnVenueBreak: true);

        Alert(fixture, Sbe.VenueAlertKind.OrphanCanceled, CoreFixture.Trader, "x-ENG-99 canceled");
        Alert(fixture, Sbe.VenueAlertKind.MissedFillRecovered, CoreFixture.Trader, "trade 12 of order 5");

        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.False);
        Assert.That((fixture.Processor.Counters.VenueAlerts, fixture.Processor.Counters.VenueBreaks), Is.EqualTo((2L, 0L)));
    }

    [TestCase((ushort)0, Sbe.VenueAlertKind.BalanceBreak)]
    [TestCase((ushort)99, Sbe.VenueAlertKind.BalanceBreak)]
    [TestCase(Sim, (Sbe.VenueAlertKind)77)]
    public void AnAlertNamingNoKnownVenueOrKind_IsMalformed_AndChangesNothing(ushort venue, Sbe.VenueAlertKind kind)
    {
        CoreFixture fixture = TraderWithAnOpenOrder(killSwitchOnVenueBreak: true);
        long malformed = fixture.Processor.Counters.MalformedInputs;

        Alert(fixture, kind, CoreFixture.Trader, "?", venue);

        Assert.That(fixture.Processor.Counters.MalformedInputs, Is.EqualTo(malformed + 1));
        Assert.That(fixture.Processor.Counters.VenueAlerts, Is.Zero);
        Assert.That(fixture.Processor.Risk.IsAccountKillSwitchOn(CoreFixture.Trader), Is.False);
        Assert.That(fixture.Output.OfType(Sbe.VenueAlertDecoder.TemplateId), Is.Empty);
    }

    private static CoreFixture TraderWithAnOpenOrder(bool killSwitchOnVenueBreak)
    {
        string risk = CoreFixture.RiskJson.Replace("\"maxAccountId\": 16,", "\"maxAccountId\": 16, \"killSwitchOnVenueBreak\": " + (killSwitchOnVenueBreak ? "true" : "false") + ",", StringComparison.Ordinal);
        var fixture = new CoreFixture(withMarketMaker: false, riskJson: risk);
        Assert.That(fixture.Settings.Risk.KillSwitchOnVenueBreak, Is.EqualTo(killSwitchOnVenueBreak));
        fixture.Deposit(CoreFixture.Trader, "USDT", 100_000 * OneUsdt);
        fixture.Bbo(CoreFixture.Btc, 5_000_000, 100_000, 5_000_100, 100_000);
        fixture.NewOrder(CoreFixture.Trader, CoreFixture.Btc, Side.Buy, 4_990_000, 1_000);
        fixture.Report(new OrderId(fixture.Output.NewOrders().Single().Id), Sbe.ExecType.New);
        return fixture;
    }

    private static void Alert(CoreFixture fixture, Sbe.VenueAlertKind kind, AccountId account, string text, ushort venue = Sim)
    {
        byte[] message = new byte[512];
        var alert = Sbe.VenueAlertEncoder.WrapAndApplyHeader(message, 0);
        alert.Time = 1;
        alert.AccountId = (ulong)account.Value;
        alert.Expected.SetMantissa(100_000);
        alert.Expected.SetExponent(0);
        alert.Actual.SetMantissa(99_990);
        alert.Actual.SetExponent(0);
        alert.AssetId = 1;
        alert.VenueId = venue;
        alert.Kind = kind;
        alert.SetText(text);
        fixture.Raw(message.AsSpan(0, Sbe.EngineSchema.HeaderLength + alert.EncodedLength));
    }
}
