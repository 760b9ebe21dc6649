using Engine.Cli.Auditing;

namespace Engine.Cli.Tests.Auditing;

/// <summary>Ledger amounts print as exact decimals at the ledger scale, in 64 and 128 bits, and convert exactly for PostgreSQL.</summary>
[TestFixture]
public sealed class LedgerAmountsTests
{
    [TestCase(0L, 8, "0.00000000")]
    [TestCase(1L, 8, "0.00000001")]
    [TestCase(-1L, 8, "-0.00000001")]
    [TestCase(100_000_000L, 8, "1.00000000")]
    [TestCase(-123_456_789_012L, 8, "-1234.56789012")]
    [TestCase(42L, 0, "42")]
    [TestCase(long.MaxValue, 8, "92233720368.54775807")]
    [TestCase(long.MinValue, 8, "-92233720368.54775808")]
    public void Format_Long_IsExact(long units, int scale, string expected) =>
        Assert.That(LedgerAmounts.Format(units, scale), Is.EqualTo(expected));

    [Test]
    public void Format_TotalBeyond64Bits_IsExact()
    {
        Int128 total = (Int128)long.MaxValue * 4;
        Assert.That(LedgerAmounts.Format(total, 8), Is.EqualTo("368934881474.19103228"));
        Assert.That(LedgerAmounts.Format(-total, 8), Is.EqualTo("-368934881474.19103228"));
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(-250_000_000_000L)]
    [TestCase(long.MaxValue)]
    [TestCase(long.MinValue)]
    public void ToDecimal_MatchesTheFormattedText(long units) =>
        Assert.That(LedgerProjection.ToDecimal(units, 8), Is.EqualTo(decimal.Parse(LedgerAmounts.Format(units, 8), System.Globalization.CultureInfo.InvariantCulture)));
}
