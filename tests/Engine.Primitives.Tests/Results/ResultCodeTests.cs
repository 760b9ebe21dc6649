using Engine.Primitives;

namespace Engine.Primitives.Tests;

[TestFixture]
public sealed class ResultCodeTests
{
    [Test]
    public void EveryCode_HasAReason_AndSitsInItsSubsystemRange()
    {
        foreach (ResultCode code in Enum.GetValues<ResultCode>())
        {
            Assert.That(ResultCodes.Reason(code), Is.Not.EqualTo("unknown result code"), code.ToString());
            int value = (int)code;
            Assert.That(value == 0 || (value >= 1000 && value < 10_000), Is.True, code.ToString());
        }

        Assert.Multiple(() =>
        {
            Assert.That(ResultCodes.IsMatching(ResultCode.PostOnlyWouldTake), Is.True);
            Assert.That(ResultCodes.IsRisk(ResultCode.PostOnlyWouldTake), Is.False);
            Assert.That(ResultCodes.IsLedger((ResultCode)4001), Is.True);
        });
    }

    [Test]
    public void Codes_AreUnique()
    {
        short[] values = Enum.GetValues<ResultCode>().Select(c => (short)c).ToArray();
        Assert.That(values, Is.Unique);
    }
}
