using Engine.Ledger;
using Engine.Primitives;
using Sbe = Engine.Codecs;

namespace Engine.Core.Tests;

/// <summary>
/// The one registry of result codes, checked code by code: one number, one meaning, one subsystem range, one reason;
/// the ledger's codes are the registry's; the wire's enum (generated from the schema) carries exactly the registry's
/// names and numbers; the retired version-1 numbering maps onto codes of the registry.
/// </summary>
public sealed class ResultCodeRegistryTests
{
    private static IEnumerable<ResultCode> Codes() => Enum.GetValues<ResultCode>();

    [TestCaseSource(nameof(Codes))]
    public void EveryCode_HasOneNumber_ItsSubsystemsRange_AndItsOwnReason(ResultCode code)
    {
        Assert.That(Codes().Count(c => (short)c == (short)code), Is.EqualTo(1), "no other name has this number");
        Assert.That(ResultCodes.Reason(code), Is.Not.EqualTo(ResultCodes.Reason((ResultCode)9999)), "a reason in words");
        Assert.That(Codes().Count(c => ResultCodes.Reason(c) == ResultCodes.Reason(code)), Is.EqualTo(1), "a reason of its own");
        string expected = code == ResultCode.Ok ? "ok" : ((int)code / 1000) switch
        {
            1 => "request",
            2 => "risk",
            3 => "matching",
            4 => "ledger",
            5 => "venue",
            6 => "admin",
            _ => "outside every range",
        };
        Assert.That(ResultCodes.Subsystem(code), Is.EqualTo(expected));
        Assert.That((int)code is 0 or (>= 1000 and < 7000), Is.True, "in a subsystem's range");
    }

    [TestCaseSource(nameof(Codes))]
    public void EveryCode_TravelsOnTheWire_UnderItsOwnNameAndNumber(ResultCode code)
    {
        if (code == ResultCode.Ok)
        {
            Assert.That(Enum.GetNames<Sbe.ResultCode>(), Does.Not.Contain("Ok"), "success is the wire's null, not a code");
            return;
        }

        Assert.That(Enum.TryParse(code.ToString(), out Sbe.ResultCode wire), Is.True, $"the schema's ResultCode enum has {code}");
        Assert.That((int)wire, Is.EqualTo((int)code));
    }

    [Test]
    public void TheWiresEnum_HasNoCodeTheRegistryLacks()
    {
        foreach (Sbe.ResultCode wire in Enum.GetValues<Sbe.ResultCode>().Where(w => w != Sbe.ResultCode.NullValue))
        {
            Assert.That(Enum.IsDefined((ResultCode)(short)wire), Is.True, $"{wire} = {(int)wire}");
            Assert.That(((ResultCode)(short)wire).ToString(), Is.EqualTo(wire.ToString()));
        }
    }

    [Test]
    public void TheLedgersCodes_AreTheRegistrys4xxx()
    {
        Assert.That(Enum.GetValues<LedgerResult>().Select(r => ((ResultCode)r).ToString()), Is.EqualTo(Enum.GetValues<LedgerResult>().Select(r => r.ToString())));
        Assert.That(
            Enum.GetValues<LedgerResult>().Where(r => r != LedgerResult.Ok).Select(r => (int)r),
            Is.EquivalentTo(Codes().Where(ResultCodes.IsLedger).Select(c => (int)c)),
            "every 4xxx code is the ledger's, and the ledger has no other");
    }

    [Test]
    public void TheRetiredVersionOneReasons_MapOntoTheCodesTheyMeant()
    {
        ushort[] retired = [1001, 1002, 1003, 1004, 2001, 2002, 2003, 2004, 2005, 2006, 2007, 3001, 3002, 3003, 3004, 3005, 3006, 4001, 4002];
        foreach (ushort reason in retired)
        {
            ResultCode code = ResultCodes.FromVersion1Wire(reason);
            Assert.That(code, Is.Not.EqualTo(ResultCode.VenueRejected), $"retired {reason} has a meaning");
            Assert.That(Enum.IsDefined(code), Is.True);
        }

        Assert.That(ResultCodes.FromVersion1Wire(3001), Is.EqualTo(ResultCode.UnknownOrder), "3001 meant UnknownOrderId");
        Assert.That(ResultCodes.FromVersion1Wire(4001), Is.EqualTo(ResultCode.ExceedsCredits), "4001 meant InsufficientFunds");
        Assert.That(ResultCodes.FromVersion1Wire(42), Is.EqualTo(ResultCode.VenueRejected), "anything else: the venue refused");
    }
}
